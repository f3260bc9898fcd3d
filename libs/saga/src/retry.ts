import type { StepRetryPolicy } from './definition';
import { StepTimeoutError } from './errors';

export const DEFAULT_STEP_RETRY: StepRetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
};
export const DEFAULT_COMPENSATION_RETRY: StepRetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
};
export const DEFAULT_STEP_TIMEOUT_MS = 5_000;

export function retryPolicy(
  defaults: StepRetryPolicy,
  overrides: Partial<StepRetryPolicy> | undefined,
): StepRetryPolicy {
  return {
    maxAttempts: Math.max(1, overrides?.maxAttempts ?? defaults.maxAttempts),
    initialDelayMs: overrides?.initialDelayMs ?? defaults.initialDelayMs,
    maxDelayMs: overrides?.maxDelayMs ?? defaults.maxDelayMs,
  };
}

/** Delay after the n-th failed attempt (1-based): exponential, capped, with jitter in [50%, 100%]. */
export function backoffMs(policy: StepRetryPolicy, failedAttempts: number): number {
  const exponential = policy.initialDelayMs * 2 ** Math.min(failedAttempts - 1, 30);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.5 + Math.random() / 2));
}

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` but gives up after `timeoutMs`; the abandoned work may still finish later. */
export function withTimeout<T>(
  step: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const running = Promise.resolve().then(work);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeoutError(step, timeoutMs)), timeoutMs);
  });
  // If the timeout wins, a later rejection of the abandoned work must not go unhandled.
  running.catch(() => undefined);
  return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
}

/** How long a compensation keeps waiting out an outage before it ends `compensation_failed`. */
export const DEFAULT_COMPENSATION_BUDGET_MS = 6 * 60 * 60 * 1_000;
/** The longest pause between two drives of a compensation that waits out an outage. */
export const DEFAULT_DEFERRAL_MAX_DELAY_MS = 60_000;
const DEFERRAL_INITIAL_DELAY_MS = 2_000;

/** Pause before the n-th resumption (1-based) of a deferred compensation: 2 s doubling, capped. */
export function deferralDelayMs(deferrals: number, maxDelayMs: number): number {
  return backoffMs(
    { maxAttempts: 1, initialDelayMs: Math.min(DEFERRAL_INITIAL_DELAY_MS, maxDelayMs), maxDelayMs },
    deferrals,
  );
}
