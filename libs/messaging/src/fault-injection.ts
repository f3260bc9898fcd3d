import { z } from 'zod';

export const FaultRule = z
  .object({
    /** exact pattern or event name, or a prefix ending in `*` */
    pattern: z.string().min(1),
    mode: z.enum(['error', 'error-retryable', 'timeout', 'slow']),
    /** share of matching messages affected, 0..1 */
    rate: z.number().min(0).max(1).default(1),
    /** delay for `slow`; how long `timeout` holds an event before failing it */
    delayMs: z.number().int().min(0).max(600_000).default(1_000),
    /** affect only the first N matching messages (per process), then none */
    times: z.number().int().min(1).optional(),
  })
  .strict();
export type FaultRule = z.infer<typeof FaultRule>;

/**
 * Parses FAULT_INJECTION (a JSON array of rules). Refused outright in
 * production so a stray variable can never break a live system.
 */
export function parseFaultRules(raw: string, nodeEnv: string): FaultRule[] {
  if (raw.trim() === '') return [];
  if (nodeEnv === 'production') {
    throw new Error('FAULT_INJECTION: fault injection is refused when NODE_ENV=production');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('FAULT_INJECTION: not valid JSON (expected an array of rules)');
  }
  const result = z.array(FaultRule).safeParse(json);
  if (!result.success) {
    const problem = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`FAULT_INJECTION: ${problem}`);
  }
  return result.data;
}

export class FaultInjector {
  private readonly applied = new Map<FaultRule, number>();

  constructor(
    private readonly rules: readonly FaultRule[],
    private readonly random: () => number = Math.random,
  ) {}

  get enabled(): boolean {
    return this.rules.length > 0;
  }

  /** The fault to apply to this message, if any; the first rule matching the pattern decides. */
  pick(pattern: string): FaultRule | undefined {
    const rule = this.rules.find((candidate) => matches(candidate.pattern, pattern));
    if (!rule) return undefined;
    const applied = this.applied.get(rule) ?? 0;
    if (rule.times !== undefined && applied >= rule.times) return undefined;
    if (this.random() >= rule.rate) return undefined;
    this.applied.set(rule, applied + 1);
    return rule;
  }
}

function matches(rulePattern: string, pattern: string): boolean {
  if (rulePattern.endsWith('*')) return pattern.startsWith(rulePattern.slice(0, -1));
  return rulePattern === pattern;
}
