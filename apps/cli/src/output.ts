import type { OperationResult } from '@medicalink/sdk';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** progress goes to stderr; a bar only when stderr is a terminal */
  errIsTty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY),
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
  io.err(`${lines.join('\n')}\n`);
  return 1;
}
