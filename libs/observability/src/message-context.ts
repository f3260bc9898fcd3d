import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with a unit of work across HTTP and RabbitMQ hops. */
export interface MessageContext {
  correlationId: string;
  /** id of the message (or request) that caused the current work */
  causationId?: string;
  /** id of the message being handled now; becomes the causation id of what it sends */
  messageId?: string;
  idempotencyKey?: string;
  traceparent?: string;
  /** epoch ms after which the original caller no longer waits */
  deadline?: number;
}

const storage = new AsyncLocalStorage<MessageContext>();

export function currentContext(): MessageContext | undefined {
  return storage.getStore();
}

export function runInContext<T>(context: MessageContext, work: () => T): T {
  return storage.run(context, work);
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** W3C traceparent for a new trace, or a child span of the given one. */
export function childTraceparent(parent?: string): string {
  const span = randomUUID().replace(/-/g, '').slice(0, 16);
  const match = parent?.match(/^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/);
  if (match) return `00-${match[1]}-${span}-${match[2]}`;
  return `00-${randomUUID().replace(/-/g, '')}-${span}-01`;
}
