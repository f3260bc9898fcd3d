/**
 * A business or technical failure a handler reports on purpose. Each transport maps it to its
 * own shape (the RPC error envelope, the gateway's HTTP body); `status` is the suggested HTTP
 * status and `retryable` says whether trying again may succeed. It lives apart from the
 * transport so that persistence, the saga engine and domain services can raise it without
 * depending on RabbitMQ.
 */
export class DomainError extends Error {
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
}
