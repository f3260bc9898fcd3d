import { z } from 'zod';

/**
 * Exact decimal amounts (prices, tax rates) without floating-point arithmetic.
 *
 * On the wire an amount is a JSON number (`199.99`) or a decimal string
 * (`"199.99"`); parsing turns either into a canonical decimal string with exactly `scale`
 * fraction digits (`"199.90"`), which PostgreSQL stores in a `numeric` column. A number is
 * read through its shortest round-trip text (`String(199.99) === "199.99"`), the text the
 * client sent, so nothing is rounded: a value with more fraction digits than allowed (or
 * `0.1 + 0.2`, whose text is `0.30000000000000004`) is refused, not rounded. Replies carry
 * amounts as JSON numbers again (see `amountToNumber`): every allowed amount has at most
 * 9 significant digits, far below the 15 a double keeps, so the number a client reads back
 * prints exactly as stored.
 */
/** A type error message that says "is required" when the field is missing altogether. */
export const requiredOr =
  (problem: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : problem;

export function decimalAmount(options: { max: string; scale: number }) {
  const { max, scale } = options;
  const maxUnits = toUnits(max, scale);
  const problem = `must be a number from 0 to ${max} with at most ${scale} decimals`;
  return z
    .union([z.number(), z.string()], { error: requiredOr(problem) })
    .transform((value, context) => {
      const canonical = canonicalAmount(typeof value === 'number' ? String(value) : value, scale);
      if (canonical === undefined || toUnits(canonical, scale) > maxUnits) {
        context.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return canonical;
    })
    .meta({ type: 'number', description: `0..${max}, at most ${scale} decimals` });
}

/** `"7.5"` with scale 2 -> `"7.50"`; undefined unless plain non-negative decimal text. */
export function canonicalAmount(text: string, scale: number): string | undefined {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > scale) {
    // trailing zeros beyond the scale are harmless ("1.500" is 1.50)
    if (!/^0*$/.test(fraction.slice(scale))) return undefined;
  }
  return scale === 0 ? whole : `${whole}.${fraction.slice(0, scale).padEnd(scale, '0')}`;
}

/** An amount in units of its last decimal place, as an exact integer ("199.99", 2 -> 19999). */
function toUnits(canonical: string, scale: number): number {
  const [whole = '0', fraction = ''] = canonical.split('.');
  return Number(whole + fraction.padEnd(scale, '0'));
}

/** A stored decimal (PostgreSQL returns `numeric` as text) as the JSON number replies carry. */
export function amountToNumber(text: string): number {
  return Number(text);
}
