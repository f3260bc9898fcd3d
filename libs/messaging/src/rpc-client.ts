import { randomUUID } from 'node:crypto';
import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Logger } from 'pino';
import {
  RpcReply,
  TransportErrorCode,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
} from '@medicalink/contracts';
import {
  currentContext,
  failSpan,
  SpanKind,
  startSpan,
  tracingEnabled,
  type Attributes,
  type Span,
} from '@medicalink/observability';
import { CallDeadlines } from './call-deadlines';
import type { AmqpConnection } from './connection';
import { RpcError, rpcError, validationEnvelope } from './errors';
import { Header } from './headers';
import {
  MessagingAttr,
  MessagingEvent,
  sharedMessagingAttributes,
  setTraceHeaders,
} from './message-tracing';
import { messagingMetrics } from './messaging-metrics';
import { DEFAULT_RESILIENCE, ResiliencePolicies, type ResilienceSettings } from './resilience';
import { rpcQueueName } from './topology';

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

export interface RpcClientSettings {
  prefix: string;
  defaultTimeoutMs: number;
  resilience?: Partial<ResilienceSettings>;
}

export interface CallOptions {
  /** overrides the default timeout for this call */
  timeoutMs?: number;
  /** makes ambiguous failures (timeout, lost connection) safe to retry */
  idempotencyKey?: string;
  /** extra attempts for retryable errors; 0 disables retries */
  retries?: number;
}

interface PendingCall {
  resolve: (data: unknown) => void;
  reject: (error: RpcError) => void;
  pattern: string;
  /** the time it was given when sent, for the timeout's message */
  timeoutMs: number;
}

/**
 * Typed RPC over RabbitMQ: request to the owning service's queue, reply via
 * direct reply-to. Every call has a deadline; a call never hangs.
 */
export class RpcClient {
  private channel: Channel | null = null;
  private readonly pending = new Map<string, PendingCall>();
  private readonly deadlines = new CallDeadlines((requestId) => this.timedOut(requestId));
  private readonly wrapper: ChannelWrapper;
  private readonly policies: ResiliencePolicies;
  private readonly duration = messagingMetrics.clientDuration();
  /** the client span's attributes per pattern: the same on every call */
  private readonly spanAttributes = new Map<string, Attributes>();

  constructor(
    connection: AmqpConnection,
    private readonly settings: RpcClientSettings,
    private readonly logger: Logger,
  ) {
    this.policies = new ResiliencePolicies({ ...DEFAULT_RESILIENCE, ...settings.resilience });
    this.wrapper = connection.createChannel({
      name: 'rpc-client',
      confirm: false,
      setup: (channel: Channel) => this.setup(channel),
    });
    connection.onDisconnect(() => this.failAllPending('connection to RabbitMQ lost'));
  }

  /** Resolves once the reply consumer is ready. */
  async ready(): Promise<void> {
    await this.wrapper.waitForConnect();
  }

  async call<C extends RpcContract>(
    contract: C,
    payload: RpcRequest<C>,
    options: CallOptions = {},
  ): Promise<RpcResponse<C>> {
    const request = contract.request.safeParse(payload);
    if (!request.success) throw new RpcError(validationEnvelope(request.error, 'request'));
    // The client span is never made active (nothing runs under it here): entering a context
    // costs every promise after it, and a caller outside any context would pay for it alone.
    const span = tracingEnabled()
      ? startSpan(`send ${contract.pattern}`, {
          kind: SpanKind.CLIENT,
          sharedAttributes: this.clientSpanAttributes(contract),
        })
      : undefined;
    try {
      return await this.callTraced(contract, request.data, options, span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span?.end();
    }
  }

  private async callTraced<C extends RpcContract>(
    contract: C,
    payload: unknown,
    options: CallOptions,
    span: Span | undefined,
  ): Promise<RpcResponse<C>> {
    const deadline = this.deadlineFor(options);
    const started = performance.now();
    let outcome = 'ok';
    let attempt = 0;
    try {
      const data = await this.policies.execute(
        contract.service,
        { idempotent: options.idempotencyKey !== undefined, retries: options.retries },
        () => {
          attempt += 1;
          if (attempt > 1)
            span?.addEvent(MessagingEvent.RpcRetry, { [MessagingAttr.Attempt]: attempt });
          return this.sendOnce(contract, payload, deadline, options.idempotencyKey, span);
        },
      );
      const response = contract.response.safeParse(data);
      if (!response.success) {
        throw rpcError(
          TransportErrorCode.InvalidResponse,
          `Reply to ${contract.pattern} broke its contract`,
          502,
          false,
          { issues: response.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        );
      }
      return response.data as RpcResponse<C>;
    } catch (error) {
      outcome = error instanceof RpcError ? error.code : 'error';
      span?.setAttribute('error.type', outcome);
      throw error;
    } finally {
      this.duration.observe(
        { pattern: contract.pattern, outcome },
        (performance.now() - started) / 1000,
      );
    }
  }

  private clientSpanAttributes(contract: RpcContract): Attributes {
    let attributes = this.spanAttributes.get(contract.pattern);
    if (!attributes) {
      const destination = rpcQueueName(this.settings.prefix, contract.service);
      attributes = sharedMessagingAttributes({
        [MessagingAttr.OperationType]: 'send',
        [MessagingAttr.OperationName]: 'publish',
        [MessagingAttr.Destination]: destination,
        [MessagingAttr.RoutingKey]: destination,
        [MessagingAttr.Pattern]: contract.pattern,
      });
      this.spanAttributes.set(contract.pattern, attributes);
    }
    return attributes;
  }

  async close(): Promise<void> {
    this.failAllPending('RPC client closed');
    this.deadlines.clear();
    await this.wrapper.close();
  }

  private deadlineFor(options: CallOptions): number {
    const own = Date.now() + (options.timeoutMs ?? this.settings.defaultTimeoutMs);
    const inherited = currentContext()?.deadline;
    return inherited !== undefined ? Math.min(own, inherited) : own;
  }

  private sendOnce(
    contract: RpcContract,
    payload: unknown,
    deadline: number,
    idempotencyKey: string | undefined,
    span: Span | undefined,
  ): Promise<unknown> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return Promise.reject(
        rpcError(
          TransportErrorCode.Timeout,
          `${contract.pattern}: deadline already passed`,
          503,
          true,
        ),
      );
    }
    const channel = this.channel;
    if (!channel) {
      return Promise.reject(
        rpcError(TransportErrorCode.ServiceUnavailable, 'Not connected to RabbitMQ', 503, true),
      );
    }
    const requestId = randomUUID();
    const context = currentContext();
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, {
        resolve,
        reject,
        pattern: contract.pattern,
        timeoutMs: remaining,
      });
      this.deadlines.add(requestId, deadline);
      // Kept small: every header or property costs encoding in both processes and parsing in
      // the broker. The correlation id doubles as the request's message id.
      // No schema-version header means version 1; the trace context is the client span's
      // (tracing on), else passed through as is (no span here, so a new span id would carry
      // no information). A call outside any context starts a new chain, named after its first
      // message.
      const headers: Record<string, unknown> = {
        [Header.CorrelationId]: context?.correlationId ?? requestId,
        [Header.Deadline]: deadline,
      };
      setTraceHeaders(headers, span, context?.traceparent);
      if (context?.messageId) headers[Header.CausationId] = context.messageId;
      if (idempotencyKey) headers[Header.IdempotencyKey] = idempotencyKey;
      try {
        channel.publish(
          '',
          rpcQueueName(this.settings.prefix, contract.service),
          Buffer.from(JSON.stringify(payload)),
          {
            mandatory: true,
            replyTo: DIRECT_REPLY_TO,
            correlationId: requestId,
            type: contract.pattern,
            contentType: 'application/json',
            expiration: String(remaining),
            headers,
          },
        );
      } catch (error) {
        this.settle(requestId, (call) =>
          call.reject(
            rpcError(
              TransportErrorCode.ServiceUnavailable,
              `Could not send ${contract.pattern}: ${(error as Error).message}`,
              503,
              true,
            ),
          ),
        );
      }
    });
  }

  private async setup(channel: Channel): Promise<void> {
    await channel.consume(DIRECT_REPLY_TO, (message) => message && this.onReply(message), {
      noAck: true,
    });
    channel.on('return', (message: Message) => this.onReturned(message));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = null;
      this.failAllPending('channel to RabbitMQ closed');
    });
    this.channel = channel;
  }

  private onReply(message: ConsumeMessage): void {
    const requestId = message.properties.correlationId as string | undefined;
    if (!requestId) return;
    this.settle(requestId, (call) => {
      const reply = decodeReply(message.content);
      if (!reply) {
        call.reject(
          rpcError(TransportErrorCode.InvalidResponse, 'Malformed RPC reply', 502, false),
        );
      } else if (reply.ok) {
        call.resolve(reply.data);
      } else {
        call.reject(new RpcError(reply.error));
      }
    });
  }

  /** The broker hands back a mandatory message no queue accepted: nobody serves that service. */
  private onReturned(message: Message): void {
    const requestId = message.properties.correlationId as string | undefined;
    if (!requestId) return;
    const pattern = String(message.properties.type);
    this.settle(requestId, (call) =>
      call.reject(
        rpcError(
          TransportErrorCode.ServiceUnavailable,
          `No service is serving ${pattern}`,
          503,
          true,
          { pattern },
        ),
      ),
    );
  }

  private settle(requestId: string, action: (call: PendingCall) => void): void {
    const call = this.pending.get(requestId);
    if (!call) return;
    this.pending.delete(requestId);
    this.deadlines.remove(requestId);
    action(call);
  }

  private timedOut(requestId: string): void {
    this.settle(requestId, ({ reject, pattern, timeoutMs }) =>
      reject(
        rpcError(
          TransportErrorCode.Timeout,
          `${pattern} did not answer within ${timeoutMs} ms`,
          503,
          true,
          { pattern, timeoutMs },
        ),
      ),
    );
  }

  private failAllPending(reason: string): void {
    if (this.pending.size === 0) return;
    this.logger.warn({ pending: this.pending.size }, `failing pending RPC calls: ${reason}`);
    for (const requestId of [...this.pending.keys()]) {
      this.settle(requestId, (call) =>
        call.reject(rpcError('CONNECTION_LOST', `RPC interrupted: ${reason}`, 503, true)),
      );
    }
  }
}

/**
 * The reply envelope; a success's data is validated by the caller against the
 * contract's response schema, so only its shape is checked here.
 */
function decodeReply(content: Buffer): RpcReply | undefined {
  let body: unknown;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { ok, data } = body as { ok?: unknown; data?: unknown };
  if (ok === true) return { ok: true, data };
  const failure = RpcReply.safeParse(body);
  return failure.success ? failure.data : undefined;
}
