import type { OperationResult } from '@medicalink/sdk';
import type { SecretInput } from './secrets';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** progress goes to stderr; a bar only when stderr is a terminal */
  errIsTty: boolean;
  /** where passwords are read from (default: the process's stdin) */
  stdin?: SecretInput;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY),
  stdin: process.stdin,
};

type Cell = string | number | boolean | null | undefined;

/** A plain text table: a header row, a rule, one line per row, columns padded to fit. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (cell: Cell) => (cell === null || cell === undefined ? '-' : String(cell));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => text(row[i]).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(headers),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(row.map(text))),
  ].join('\n');
}

/** `text` cut to `max` characters, the cut marked with an ellipsis. */
export function truncate(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** An ISO timestamp as `YYYY-MM-DD HH:MM:SS` in this machine's time zone (null stays null). */
export function localTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** Field / value pairs of one object, as a two-column table. */
export function record(value: Record<string, unknown>): string {
  return table(
    ['field', 'value'],
    Object.entries(value).map(([key, item]) => [
      key,
      item !== null && typeof item === 'object' ? JSON.stringify(item) : (item as Cell),
    ]),
  );
}

/**
 * Prints a result: JSON (the whole OperationResult) with --json, else `render(data)` or the
 * error with its details. Returns the exit status: 0 on success, 1 on failure.
 */
export function report<T>(
  io: Io,
  json: boolean,
  result: OperationResult<T>,
  render: (data: T) => string,
  { signInHint = true }: { signInHint?: boolean } = {},
): number {
  if (json) {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return result.success ? 0 : 1;
  }
  if (result.success) {
    io.out(`${render(result.data)}\n`);
    return 0;
  }
  const lines = [`error: ${result.error}`];
  if (result.status !== undefined) lines.push(`status: ${result.status}`);
  const { errors, ...details } = result.details ?? {};
  if (Array.isArray(errors)) lines.push(...errors.map((entry) => `  - ${String(entry)}`));
  if (Object.keys(details).length > 0) lines.push(`details: ${JSON.stringify(details)}`);
  if (result.status === 401 && signInHint) lines.push('hint: sign in with `medicalink login`');
  io.err(`${lines.join('\n')}\n`);
  return 1;
}
