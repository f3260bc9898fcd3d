const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SEPARATORS = [0x2c, 0x3b, 0x09]; // , ; tab

/**
 * A CSV text read record by record (RFC 4180 quoting; CRLF, LF or CR line ends), keeping of each
 * record only the fields asked for: a line of ten million fields costs a pass over its
 * characters, not ten million strings. The separator is the one the header line uses most
 * (comma, semicolon or tab), or the one an Excel `sep=` first line names.
 */
export class CsvRecords {
  private position = 0;
  private readonly separator: number;

  constructor(private readonly text: string) {
    const declared = /^sep=(.)(\r\n|\r|\n)/.exec(text);
    if (declared) {
      this.separator = declared[1]?.charCodeAt(0) ?? SEPARATORS[0]!;
      this.position = declared[0].length;
    } else {
      this.separator = guessSeparator(text);
    }
  }

  /** Whether every record has been read. */
  get done(): boolean {
    return this.position >= this.text.length;
  }

  /**
   * The next record's fields at the positions `slotOf` gives a slot to (the others are skipped
   * without being copied), or undefined past the last record.
   */
  next(slots: number, slotOf: (field: number) => number | undefined): string[] | undefined {
    if (this.done) return undefined;
    const { text, separator } = this;
    const fields: string[] = new Array<string>(slots).fill('');
    let field = 0;
    let at = this.position;
    for (;;) {
      const slot = slotOf(field);
      let value = '';
      let code = text.charCodeAt(at);
      if (code === QUOTE) {
        // quoted: up to the quote not doubled, then anything up to the separator
        let from = at + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            if (slot !== undefined) value += text.slice(from);
            at = text.length;
            break;
          }
          if (slot !== undefined) value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            if (slot !== undefined) value += '"';
            from = close + 2;
            continue;
          }
          at = close + 1;
          break;
        }
      }
      const start = at;
      while (at < text.length) {
        code = text.charCodeAt(at);
        if (code === separator || code === LF || code === CR) break;
        at += 1;
      }
      if (slot !== undefined) fields[slot] = value + text.slice(start, at);
      if (at < text.length && text.charCodeAt(at) === separator) {
        at += 1;
        field += 1;
        continue;
      }
      // the end of the record: skip its line end
      if (text.charCodeAt(at) === CR) at += 1;
      if (text.charCodeAt(at) === LF) at += 1;
      this.position = at;
      return fields;
    }
  }
}

function guessSeparator(text: string): number {
  const counts = new Map<number, number>();
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) quoted = !quoted;
    else if (!quoted && (code === LF || code === CR)) break;
    else if (!quoted && SEPARATORS.includes(code)) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best = SEPARATORS[0]!;
  for (const separator of SEPARATORS) {
    if ((counts.get(separator) ?? 0) > (counts.get(best) ?? 0)) best = separator;
  }
  return best;
}
