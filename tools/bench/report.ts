/**
 * How every bench ends: its table and notes, then its ratio lines only if every row succeeded.
 * Otherwise what failed, one line each, instead of the ratios, and exit status 1: a ratio over
 * rows that lost requests would flatter (errors are often fast) or mislead.
 */
export function finishBench(
  name: string,
  result: {
    /** the table and notes, printed either way */
    lines: readonly string[];
    /** printed only when `problems` is empty */
    ratios: readonly string[];
    /** every failed row, call or check, one line each */
    problems: readonly string[];
  },
): boolean {
  const out = [...result.lines];
  if (result.problems.length === 0) out.push(...result.ratios);
  else {
    out.push(`${name} bench FAILED (${result.problems.length}), no ratio printed:`);
    out.push(...result.problems.map((problem) => `  ${problem}`));
    process.exitCode = 1;
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return result.problems.length === 0;
}
