import { TransportErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import type { FaultRule } from './fault-injection';

/** Returned instead of a reply when an injected timeout swallowed an RPC. */
export const TIMED_OUT = Symbol('injected timeout');

/**
 * Acts out a fault before the handler runs: throws the injected error, waits
 * (`slow`), or for `timeout` holds an RPC until its caller has given up and
 * drops it unanswered (an event fails retryably after the delay instead).
 */
export async function applyFault(
  fault: FaultRule,
  target: { pattern: string; deadline: number | undefined; kind: 'rpc' | 'event' },
): Promise<typeof TIMED_OUT | void> {
  const injected = (message: string, status: number, retryable: boolean) =>
    new DomainError(
      TransportErrorCode.InjectedFault,
      `${message} on ${target.pattern}`,
      status,
      { injected: true },
      retryable,
    );
  switch (fault.mode) {
    case 'error':
      throw injected('Injected fault', 500, false);
    case 'error-retryable':
      throw injected('Injected retryable fault', 503, true);
    case 'slow':
      await sleep(fault.delayMs);
      return;
    case 'timeout':
      if (target.kind === 'rpc') {
        await sleep(Math.max(0, (target.deadline ?? Date.now() + fault.delayMs) - Date.now()) + 10);
        return TIMED_OUT;
      }
      await sleep(fault.delayMs);
      throw injected('Injected timeout', 503, true);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
