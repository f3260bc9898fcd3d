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

/**
 * One AsyncLocalStorage carries both the message context and, with tracing on, the
 * OpenTelemetry context (tracing's context manager keeps it here): on Node 20 every storage in
 * use makes each promise pay for copying it, so a second one would double that cost.
 */
interface Store {
  message: MessageContext | undefined;
  trace: unknown;
}

const storage = new AsyncLocalStorage<Store>();

export function currentContext(): MessageContext | undefined {
  return storage.getStore()?.message;
}

/** Runs `work` in a message context of its own; the trace context stays what it is. */
export function runInContext<T>(context: MessageContext, work: () => T): T {
  return storage.run({ message: context, trace: storage.getStore()?.trace }, work);
}

/** The OpenTelemetry context kept by runInTraceContext (for tracing's context manager). */
export function currentTraceContext(): unknown {
  return storage.getStore()?.trace;
}

/** Runs `work` with another OpenTelemetry context; the message context stays what it is. */
export function runInTraceContext<T>(trace: unknown, work: () => T): T {
  return storage.run({ message: storage.getStore()?.message, trace }, work);
}

/** Sets the OpenTelemetry context for the rest of this async chain; returns how to undo it. */
export function enterTraceContext(trace: unknown): () => void {
  const previous = storage.getStore();
  storage.enterWith({ message: previous?.message, trace });
  return () => storage.enterWith(previous ?? { message: undefined, trace: undefined });
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
