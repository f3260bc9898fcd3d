import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  noop,
  retry,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { TransportErrorCode } from '@medicalink/contracts';
import { AMBIGUOUS_CODES, RpcError, rpcError } from './errors';

export interface ResilienceSettings {
  /** extra attempts after the first, for retryable errors */
  retries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** consecutive infrastructure failures that open a service's circuit */
  breakerThreshold: number;
  breakerHalfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceSettings = {
  retries: 2,
  retryInitialDelayMs: 50,
  retryMaxDelayMs: 1_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 5_000,
};

/** Failures that say "the service is not answering", as opposed to a business answer. */
const INFRASTRUCTURE_CODES: ReadonlySet<string> = new Set([
  TransportErrorCode.ServiceUnavailable,
  TransportErrorCode.Timeout,
  'CONNECTION_LOST',
]);

/**
 * Client-side policies per target service: a circuit breaker that opens on
 * repeated infrastructure failures, inside a retry that only retries what the
 * callee marked retryable (and ambiguous outcomes only under an idempotency key).
 */
export class ResiliencePolicies {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly retries = new Map<string, IPolicy>();

  constructor(private readonly settings: ResilienceSettings) {}

  async execute<T>(
    service: string,
    call: { idempotent: boolean; retries?: number },
    work: () => Promise<T>,
  ): Promise<T> {
    const retries = call.retries ?? this.settings.retries;
    const breaker = this.breakerFor(service);
    // A business answer (a 409, say) proves the service is up: the breaker must
    // see it as a success, so it travels through the breaker as a value.
    const attempt = async (): Promise<T> => {
      const outcome = await breaker.execute(async () => {
        try {
          return { value: await work() };
        } catch (error) {
          if (isInfrastructureFailure(error)) throw error;
          return { error };
        }
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    };
    try {
      return await this.retryPolicy(retries, call.idempotent).execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw rpcError(
          TransportErrorCode.CircuitOpen,
          `Service ${service} is unavailable (circuit open after repeated failures)`,
          503,
          true,
          { service },
        );
      }
      throw error;
    }
  }

  /** Policies are stateless between calls, so one per (retries, idempotent) serves them all. */
  private retryPolicy(retries: number, idempotent: boolean): IPolicy {
    if (retries <= 0) return noop;
    const key = `${retries}:${idempotent}`;
    let policy = this.retries.get(key);
    if (!policy) {
      policy = retry(
        handleWhen((error) => shouldRetry(error, idempotent)),
        {
          maxAttempts: retries,
          backoff: new ExponentialBackoff({
            initialDelay: this.settings.retryInitialDelayMs,
            maxDelay: this.settings.retryMaxDelayMs,
          }),
        },
      );
      this.retries.set(key, policy);
    }
    return policy;
  }

  private breakerFor(service: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen(isInfrastructureFailure), {
        halfOpenAfter: this.settings.breakerHalfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.settings.breakerThreshold),
      });
      this.breakers.set(service, breaker);
    }
    return breaker;
  }
}

function isInfrastructureFailure(error: unknown): error is RpcError {
  return error instanceof RpcError && INFRASTRUCTURE_CODES.has(error.code);
}

function shouldRetry(error: Error, idempotent: boolean): boolean {
  if (!(error instanceof RpcError) || !error.retryable) return false;
  if (AMBIGUOUS_CODES.has(error.code)) return idempotent;
  return true;
}
