import { randomBytes } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Logger } from 'pino';
import {
  TransportErrorCode,
  type ErrorEnvelope,
  type EventContract,
  type RpcContract,
  type RpcReply,
} from '@medicalink/contracts';
import {
  failSpan,
  inSpan,
  ROOT_CONTEXT,
  runInContext,
  SpanKind,
  spanEvent,
  tracingEnabled,
  type Span,
} from '@medicalink/observability';
import type { AmqpConnection } from './connection';
import { DeliveryAcks } from './delivery-acks';
import { applyFault, TIMED_OUT } from './apply-fault';
import { toEnvelope, validationEnvelope } from './errors';
import { FailedMessageMover } from './failed-message-mover';
import { FaultInjector, type FaultRule } from './fault-injection';
import { Header, headerNumber } from './headers';
import { AmqpMessageContext, contextFromMessage } from './message-context';
import {
  deliveryAttributes,
  MessagingAttr,
  MessagingEvent,
  remoteParentOf,
} from './message-tracing';
import { messagingMetrics } from './messaging-metrics';
import {
  redeliveryVerdict,
  type RedeliveryGuardSettings,
  type RedeliveryVerdict,
} from './redelivery-guard';
import { retryDelays, type RetrySettings } from './retry-schedule';
import {
  assertInstanceQueue,
  assertServerTopology,
  topologyFor,
  type QueueType,
  type Topology,
} from './topology';

export type HandlerKind = 'rpc' | 'event';

export interface RegisteredHandler {
  kind: HandlerKind;
  /** declared contract; without one the payload is passed through unvalidated */
  contract?: RpcContract | EventContract;
  invoke(payload: unknown, context: AmqpMessageContext): Promise<unknown>;
  /** an event every process handles, from a queue of its own (InstanceEventHandler) */
  perInstance?: boolean;
}

export interface ConsumerSettings {
  prefix: string;
  service: string;
  queueType: QueueType;
  queueExpiresMs?: number;
  rpcPrefetch: number;
  eventPrefetch: number;
  eventRetry: RetrySettings;
  faults: readonly FaultRule[];
  /** how long stop() waits for in-flight handlers */
  drainTimeoutMs?: number;
  /** dead-letters a message redelivered more than `limit` times, unhandled; off without it */
  redeliveries?: RedeliveryGuardSettings;
  /**
   * The events this service is listed as consuming (EVENT_SUBSCRIPTIONS): publishers bind
   * exactly these to its queue, so its event handlers must match them. Unchecked without it.
   */
  subscribedEvents?: readonly string[];
  /** the same for the per-process events (INSTANCE_EVENT_SUBSCRIPTIONS) */
  instanceEvents?: readonly string[];
}

class HandlingFailure extends Error {
  constructor(readonly envelope: ErrorEnvelope) {
    super(envelope.message);
  }
}

/**
 * Consumes a service's RPC and events queues. Every message is acked only
 * after its work is done; failures are replied (RPC), retried through delay
 * queues (events) or moved to the dead-letter queue with the error in headers.
 */
export class MessageConsumer {
  readonly topology: Topology;
  /** names this process's own events queue, if it has per-instance handlers */
  readonly instanceId = randomBytes(6).toString('hex');
  private wrapper: ChannelWrapper | null = null;
  private mover: FailedMessageMover | null = null;
  private active: { channel: Channel; acks: DeliveryAcks; consumerTags: string[] } | null = null;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly faults: FaultInjector;
  private readonly metrics = {
    duration: messagingMetrics.handlerDuration(),
    expired: messagingMetrics.expired(),
  };
  /** messages being handled now, by kind (the messaging_in_flight gauge reads them) */
  private readonly handling = { rpc: 0, event: 0 };
  private unregisterInFlight: (() => void) | undefined;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly settings: ConsumerSettings,
    private readonly handlers: ReadonlyMap<string, RegisteredHandler>,
    private readonly logger: Logger,
  ) {
    this.topology = topologyFor(settings.prefix, settings.service);
    if (settings.subscribedEvents) {
      checkSubscriptions(
        settings.service,
        'EVENT_SUBSCRIPTIONS',
        settings.subscribedEvents,
        handlers,
        false,
      );
    }
    if (settings.instanceEvents) {
      checkSubscriptions(
        settings.service,
        'INSTANCE_EVENT_SUBSCRIPTIONS',
        settings.instanceEvents,
        handlers,
        true,
      );
    }
    this.faults = new FaultInjector(settings.faults);
    if (this.faults.enabled) this.logger.warn({ faults: settings.faults }, 'fault injection is ON');
  }

  async start(): Promise<void> {
    this.unregisterInFlight ??= messagingMetrics.inFlight(() => this.handling);
    // Replies and acks need no confirms; only moving a failed message does.
    const confirming = this.connection.createChannel({
      name: `${this.settings.service}-mover`,
      confirm: true,
    });
    this.mover = new FailedMessageMover(
      confirming,
      this.topology,
      this.settings.eventRetry,
      this.logger,
    );
    this.wrapper = this.connection.createChannel({
      name: `${this.settings.service}-consumer`,
      confirm: false,
      setup: (channel: Channel) => this.setup(channel),
    });
    await Promise.all([this.wrapper.waitForConnect(), confirming.waitForConnect()]);
  }

  /** Stops taking messages, lets in-flight handlers finish, then closes the channel. */
  async stop(): Promise<void> {
    this.stopping = true;
    const active = this.active;
    if (active) {
      await Promise.allSettled(active.consumerTags.map((tag) => active.channel.cancel(tag)));
    }
    const drained = Promise.allSettled([...this.inFlight]);
    const timeout = new Promise((resolve) =>
      setTimeout(resolve, this.settings.drainTimeoutMs ?? 10_000).unref(),
    );
    await Promise.race([drained, timeout]);
    active?.acks.flush();
    await this.wrapper?.close();
    await this.mover?.close();
    this.unregisterInFlight?.();
    this.unregisterInFlight = undefined;
  }

  private failed(): FailedMessageMover {
    if (!this.mover) throw new Error('consumer not started');
    return this.mover;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async setup(channel: Channel): Promise<void> {
    const eventNames = eventNamesOf(this.handlers, false);
    const instanceEventNames = eventNamesOf(this.handlers, true);
    await assertServerTopology(channel, {
      topology: this.topology,
      queueType: this.settings.queueType,
      ...(this.settings.queueExpiresMs ? { queueExpiresMs: this.settings.queueExpiresMs } : {}),
      eventNames,
      retryDelaysMs: retryDelays(this.settings.eventRetry),
    });
    if (this.stopping) return;
    const consumerTags: string[] = [];
    const acks = new DeliveryAcks(channel);
    await channel.prefetch(this.settings.rpcPrefetch);
    const rpc = await channel.consume(this.topology.rpcQueue, (message) => {
      if (!message) return;
      acks.received(message);
      this.track(this.onRpc(channel, acks, message));
    });
    consumerTags.push(rpc.consumerTag);
    if (eventNames.length > 0) {
      await channel.prefetch(this.settings.eventPrefetch);
      const events = await channel.consume(this.topology.eventsQueue, (message) => {
        if (!message) return;
        acks.received(message);
        this.track(this.onEvent(acks, message));
      });
      consumerTags.push(events.consumerTag);
    }
    if (instanceEventNames.length > 0) {
      const queue = await assertInstanceQueue(
        channel,
        this.topology,
        this.instanceId,
        instanceEventNames,
      );
      const events = await channel.consume(queue, (message) => {
        if (!message) return;
        acks.received(message);
        this.track(this.onInstanceEvent(acks, message));
      });
      consumerTags.push(events.consumerTag);
    }
    channel.once('close', () => {
      if (this.active?.channel === channel) this.active = null;
    });
    this.active = { channel, acks, consumerTags };
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** The server span of an RPC request, the child of the caller's client span. */
  private onRpc(channel: Channel, acks: DeliveryAcks, message: ConsumeMessage): Promise<void> {
    if (!tracingEnabled()) return this.handleRpc(channel, acks, message, undefined);
    const pattern = String(message.properties.type ?? '');
    return inSpan(
      `process ${pattern}`,
      {
        kind: SpanKind.SERVER,
        parent: ROOT_CONTEXT,
        remoteParent: remoteParentOf(message),
        ...deliveryAttributes(message, pattern),
      },
      (span) => this.handleRpc(channel, acks, message, span),
    );
  }

  private async handleRpc(
    channel: Channel,
    acks: DeliveryAcks,
    message: ConsumeMessage,
    span: Span | undefined,
  ): Promise<void> {
    const pattern = String(message.properties.type ?? '');
    const replyTo = message.properties.replyTo as string | undefined;
    const context = contextFromMessage(message);
    if (!replyTo) {
      return this.failed().deadLetter(
        acks,
        message,
        envelope(TransportErrorCode.BadMessage, 'RPC request without reply-to', 400),
      );
    }
    if (context.deadline !== undefined && Date.now() > context.deadline) {
      // The caller has given up; doing the work now would only surprise it.
      this.metrics.expired.inc({ pattern });
      spanEvent(MessagingEvent.Expired, { 'medicalink.messaging.deadline': context.deadline });
      this.logger.debug({ pattern }, 'skipped expired RPC request');
      return acks.ack(message);
    }
    const reply = (body: RpcReply) => {
      channel.publish('', replyTo, Buffer.from(JSON.stringify(body)), {
        correlationId: message.properties.correlationId as string,
        contentType: 'application/json',
      });
    };
    const handler = this.handlers.get(pattern);
    if (!handler || handler.kind !== 'rpc') {
      const error = envelope(
        TransportErrorCode.UnknownPattern,
        `No handler for ${pattern || '(no pattern)'} in ${this.settings.service}`,
        501,
      );
      safely(() => reply({ ok: false, error }));
      return this.failed().deadLetter(acks, message, error);
    }
    // Only a redelivery can be refused; a first delivery skips the guard's await.
    const verdict = message.fields.redelivered
      ? await this.redeliveryVerdict(pattern, message)
      : undefined;
    if (verdict) {
      // Either way the handler does not run: the caller hears why and may try again.
      safely(() => reply({ ok: false, error: verdict.error }));
      if (verdict.kind === 'poison') return this.failed().deadLetter(acks, message, verdict.error);
      return acks.ack(message);
    }
    const started = performance.now();
    this.handling.rpc += 1;
    let outcome = 'ok';
    try {
      const payload = this.decode(message, handler);
      const handlerContext = new AmqpMessageContext(pattern, message, context, 1);
      const result = await runInContext(context, () =>
        this.invoke(pattern, handler, payload, handlerContext, 'rpc'),
      );
      if (result === TIMED_OUT) {
        outcome = 'injected-timeout';
        return acks.ack(message);
      }
      reply({ ok: true, data: this.encodeResponse(handler, result) });
      acks.ack(message);
    } catch (error) {
      const failure = error instanceof HandlingFailure ? error.envelope : toEnvelope(error);
      outcome = failure.code;
      markFailed(span, failure, error);
      this.logFailure(pattern, failure, error);
      safely(() => reply({ ok: false, error: failure }));
      if (failure.code === TransportErrorCode.BadMessage)
        return this.failed().deadLetter(acks, message, failure);
      acks.ack(message);
    } finally {
      this.handling.rpc -= 1;
      this.metrics.duration.observe({ pattern, outcome }, (performance.now() - started) / 1000);
    }
  }

  /**
   * The consumer span of an event delivery, the child of the publisher's span (the trace goes
   * on through the outbox relay); each delivery of a retried event has its own.
   */
  private onEvent(acks: DeliveryAcks, message: ConsumeMessage): Promise<void> {
    if (!tracingEnabled()) return this.handleEvent(acks, message, undefined);
    const name = String(message.properties.type ?? message.fields.routingKey);
    const attempt = headerNumber(message.properties.headers, Header.Attempt) ?? 1;
    const { sharedAttributes, attributes } = deliveryAttributes(message, name);
    attributes[MessagingAttr.Attempt] = attempt;
    return inSpan(
      `process ${name}`,
      {
        kind: SpanKind.CONSUMER,
        parent: ROOT_CONTEXT,
        remoteParent: remoteParentOf(message),
        sharedAttributes,
        attributes,
      },
      (span) => this.handleEvent(acks, message, span),
    );
  }

  private async handleEvent(
    acks: DeliveryAcks,
    message: ConsumeMessage,
    span: Span | undefined,
  ): Promise<void> {
    const name = String(message.properties.type ?? message.fields.routingKey);
    const handler = this.handlers.get(name);
    if (!handler || handler.kind !== 'event' || handler.perInstance) {
      return this.failed().deadLetter(
        acks,
        message,
        envelope(
          TransportErrorCode.UnknownPattern,
          `No handler for event ${name} in ${this.settings.service}`,
          501,
        ),
      );
    }
    const attempt = headerNumber(message.properties.headers, Header.Attempt) ?? 1;
    const verdict = await this.redeliveryVerdict(name, message, attempt);
    if (verdict?.kind === 'poison') {
      return this.failed().deadLetter(acks, message, verdict.error, attempt);
    }
    if (verdict?.kind === 'uncounted') return this.failLater(acks, message, verdict.error, attempt);
    const context = contextFromMessage(message);
    const started = performance.now();
    this.handling.event += 1;
    let outcome = 'ok';
    try {
      const payload = this.decode(message, handler);
      const handlerContext = new AmqpMessageContext(name, message, context, attempt);
      await runInContext(context, () =>
        this.invoke(name, handler, payload, handlerContext, 'event'),
      );
      acks.ack(message);
    } catch (error) {
      const failure = error instanceof HandlingFailure ? error.envelope : toEnvelope(error);
      outcome = failure.code;
      markFailed(span, failure, error);
      this.logFailure(name, failure, error, attempt);
      await this.failLater(acks, message, failure, attempt);
    } finally {
      this.handling.event -= 1;
      this.metrics.duration.observe(
        { pattern: name, outcome },
        (performance.now() - started) / 1000,
      );
    }
  }

  /**
   * An event of this process's own queue. No retry or dead-letter queue: those are shared by
   * the service, and a failed refresh of per-process state is bounded by that state's own
   * expiry. No redelivery guard either: the queue dies with the process, so a message that
   * crashes it cannot come back.
   */
  private async onInstanceEvent(acks: DeliveryAcks, message: ConsumeMessage): Promise<void> {
    const name = String(message.properties.type ?? message.fields.routingKey);
    const handler = this.handlers.get(name);
    const context = contextFromMessage(message);
    const started = performance.now();
    let outcome = 'ok';
    try {
      if (!handler?.perInstance) throw new Error(`No per-instance handler for event ${name}`);
      const payload = this.decode(message, handler);
      const handlerContext = new AmqpMessageContext(name, message, context, 1);
      await runInContext(context, () =>
        this.invoke(name, handler, payload, handlerContext, 'event'),
      );
    } catch (error) {
      const failure = error instanceof HandlingFailure ? error.envelope : toEnvelope(error);
      outcome = failure.code;
      this.logFailure(name, failure, error);
    } finally {
      acks.ack(message);
      this.metrics.duration.observe(
        { pattern: name, outcome },
        (performance.now() - started) / 1000,
      );
    }
  }

  /** A failed event: another attempt through a delay queue if it may succeed, else the DLQ. */
  private async failLater(
    acks: DeliveryAcks,
    message: ConsumeMessage,
    failure: ErrorEnvelope,
    attempt: number,
  ): Promise<void> {
    if (failure.retryable && attempt < this.settings.eventRetry.maxAttempts) {
      await this.failed().retryLater(acks, message, failure, attempt);
    } else {
      await this.failed().deadLetter(acks, message, failure, attempt);
    }
  }

  /** Whether a redelivered message may be handled (undefined: yes); logs why not. */
  private async redeliveryVerdict(
    pattern: string,
    message: ConsumeMessage,
    attempt?: number,
  ): Promise<RedeliveryVerdict> {
    const verdict = await redeliveryVerdict(
      this.settings.redeliveries,
      { service: this.settings.service, queueType: this.settings.queueType },
      message,
    );
    if (verdict?.kind === 'uncounted') {
      this.logger.warn(
        { pattern, attempt, err: verdict.cause },
        'could not count a redelivery: the message is not handled now',
      );
    } else if (verdict) {
      this.logFailure(pattern, verdict.error, undefined, attempt);
    }
    return verdict;
  }

  /** Parses and validates the body; a bad one is a HandlingFailure, never a handler call. */
  private decode(message: ConsumeMessage, handler: RegisteredHandler): unknown {
    let json: unknown;
    try {
      json = JSON.parse(message.content.toString('utf8'));
    } catch {
      throw new HandlingFailure(
        envelope(TransportErrorCode.BadMessage, 'Message body is not valid JSON', 400),
      );
    }
    const schema =
      handler.contract?.kind === 'rpc' ? handler.contract.request : handler.contract?.payload;
    if (!schema) return json;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HandlingFailure(validationEnvelope(parsed.error));
    return parsed.data;
  }

  private encodeResponse(handler: RegisteredHandler, result: unknown): unknown {
    if (handler.contract?.kind !== 'rpc') return result;
    const parsed = handler.contract.response.safeParse(result);
    if (parsed.success) return parsed.data;
    // Logged with the issues (a bug in this service); the caller only learns that it failed.
    this.logger.error(
      { pattern: handler.contract.pattern, issues: parsed.error.issues },
      'handler reply breaks its contract',
    );
    throw new HandlingFailure(
      envelope(
        TransportErrorCode.InvalidResponse,
        `Handler for ${handler.contract.pattern} returned a reply that breaks its contract`,
        500,
      ),
    );
  }

  private invoke(
    pattern: string,
    handler: RegisteredHandler,
    payload: unknown,
    context: AmqpMessageContext,
    kind: HandlerKind,
  ): Promise<unknown> {
    const fault = this.faults.pick(pattern);
    if (!fault) return handler.invoke(payload, context);
    return this.invokeWithFault(fault, handler, payload, context, kind);
  }

  private async invokeWithFault(
    fault: FaultRule,
    handler: RegisteredHandler,
    payload: unknown,
    context: AmqpMessageContext,
    kind: HandlerKind,
  ): Promise<unknown> {
    const injected = await applyFault(fault, {
      pattern: context.pattern,
      deadline: context.deadline,
      kind,
    });
    if (injected === TIMED_OUT) return TIMED_OUT;
    return handler.invoke(payload, context);
  }

  private logFailure(
    pattern: string,
    failure: ErrorEnvelope,
    error: unknown,
    attempt?: number,
  ): void {
    const fields = { pattern, code: failure.code, status: failure.status, attempt };
    if (failure.status >= 500) this.logger.error({ ...fields, err: error }, failure.message);
    else this.logger.info(fields, failure.message);
  }
}

function eventNamesOf(
  handlers: ReadonlyMap<string, RegisteredHandler>,
  perInstance: boolean,
): string[] {
  return [...handlers]
    .filter(
      ([, handler]) => handler.kind === 'event' && (handler.perInstance ?? false) === perInstance,
    )
    .map(([name]) => name);
}

/** Refuses to start when the handlers and the published subscription list disagree. */
function checkSubscriptions(
  service: string,
  listName: string,
  subscribed: readonly string[],
  handlers: ReadonlyMap<string, RegisteredHandler>,
  perInstance: boolean,
): void {
  const listed = new Set(subscribed);
  const handled = eventNamesOf(handlers, perInstance);
  const unlisted = handled.filter((name) => !listed.has(name));
  const unhandled = [...listed].filter((name) => !handled.includes(name));
  if (unlisted.length === 0 && unhandled.length === 0) return;
  throw new Error(
    `${service}: event handlers and ${listName} disagree` +
      (unlisted.length > 0 ? `; handled but not listed: ${unlisted.join(', ')}` : '') +
      (unhandled.length > 0 ? `; listed but not handled: ${unhandled.join(', ')}` : ''),
  );
}

/** Every failure names its code on the span; one that is this service's fault marks it failed. */
function markFailed(span: Span | undefined, failure: ErrorEnvelope, error: unknown): void {
  if (!span) return;
  span.setAttribute('error.type', failure.code);
  if (failure.status >= 500) failSpan(span, error);
}

function envelope(code: string, message: string, status: number, retryable = false): ErrorEnvelope {
  return { code, message, status, retryable };
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // The channel is already closed; the broker redelivers the message
    // instead, and handlers are idempotent.
  }
}
