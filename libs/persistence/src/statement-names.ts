/** How many distinct statements a pool prepares; any text first met after that goes unnamed. */
export const PREPARED_STATEMENT_CAPACITY = 256;

/**
 * Bulk statements (a multi-row insert, a long IN list) vary with their size, run their plan
 * once each, and would each stay in every connection's memory: they go unnamed.
 */
const MAX_PARAMETERS = 64;
const MAX_TEXT_LENGTH = 8_192;

/**
 * A result of every column (`select *`, `t.*`, `returning *`): a column added to the table
 * while a connection holds the statement prepared would fail it ("cached plan must not change
 * result type") until the connection closes, where an unnamed statement simply sees the column.
 */
const ALL_COLUMNS = /\bselect\s+\*|\.\*|\breturning\s+\*/i;

/**
 * Names under which a pool's statements are prepared, so that PostgreSQL parses and plans
 * each once per connection instead of on every execution (Kysely sends every statement
 * unnamed). A name is given the first time a text is seen, the same for every connection of
 * the pool; pg parses it on each connection when first used there. A name starts with the
 * statement's first word (`insert_12`), which pg's trace spans show. Not named: statements
 * without parameters (BEGIN, COMMIT, DDL, which pg sends as simple queries), statements that
 * return every column (ALL_COLUMNS), bulk statements, and any text once
 * PREPARED_STATEMENT_CAPACITY are named, which bounds what each server connection keeps.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly capacity = PREPARED_STATEMENT_CAPACITY) {}

  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameFor(text: string, parameterCount: number): string | undefined {
    if (parameterCount === 0 || parameterCount > MAX_PARAMETERS) return undefined;
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.capacity || text.length > MAX_TEXT_LENGTH) return undefined;
    if (ALL_COLUMNS.test(text)) return undefined;
    const name = `${firstWord(text)}_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }
}

/** The statement's first word, lowercased (`select`, `with`), or `statement`. */
function firstWord(text: string): string {
  return /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? 'statement';
}
