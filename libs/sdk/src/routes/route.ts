import { randomId } from '../config.js';
import type { RequestSpec } from '../http.js';
import type { OperationResult } from '../operation-result.js';
import type { OperationOptions } from '../operation-runner.js';
import type { PageQuery } from '../types.js';

export type { OperationOptions, PageQuery };

export interface CreateOptions extends OperationOptions {
  /** the Idempotency-Key to send (default: a new one per call, reused by its retries) */
  idempotencyKey?: string;
}

/** Sends one gateway request as the operation `operation` (events, metrics, timeout, retries). */
export type RouteCall = <T>(
  operation: string,
  spec: RequestSpec,
  options?: OperationOptions,
) => Promise<OperationResult<T>>;

export const id = (value: string) => encodeURIComponent(value);

/** A creating POST under an Idempotency-Key (the caller's, else a new one), so it is safe to retry. */
export function creating(spec: RequestSpec, options: CreateOptions | undefined): RequestSpec {
  return { ...spec, idempotencyKey: options?.idempotencyKey ?? randomId() };
}
