/**
 * Whole-number ticks from 0 that reach at least `max`, at most about `count` of them, on a step
 * of 1, 2 or 5 times a power of ten (staff counts: never a fraction of a person).
 */
export function axisTicks(max: number, count = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  const rough = top / count;
  const power = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = 0; tick < top + step; tick += step) ticks.push(tick);
  return ticks;
}
