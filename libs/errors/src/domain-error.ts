/**
 * A business or technical failure a handler reports on purpose. Each transport maps it to its
 * own shape (the RPC error envelope, the gateway's HTTP body); `status` is the suggested HTTP
 * status and `retryable` says whether trying again may succeed. It lives apart from the
 * transport so that persistence, the saga engine and domain services can raise it without
 * depending on RabbitMQ.
 *
 * `details` explain a refusal (4xx) to the caller; a 5xx's details stay in the logs.
 * `context` names the operation that failed (a saga, a session) and reaches the caller
 * whatever the status.
 */
export class DomainError extends Error {
  context?: Record<string, unknown>;

  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: Record<string, unknown>,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  withContext(context: Record<string, unknown>): this {
    this.context = { ...this.context, ...context };
    return this;
  }
}
