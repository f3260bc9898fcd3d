import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Logger } from 'pino';
import type { EventContract, RpcContract } from '@medicalink/contracts';
import type { AmqpConnection } from '../connection';
import {
  MessageConsumer,
  type ConsumerSettings,
  type RegisteredHandler,
} from '../message-consumer';
import type { AmqpMessageContext } from '../message-context';

export interface AmqpServerOptions {
  connection: AmqpConnection;
  consumer: ConsumerSettings;
  logger: Logger;
}

/**
 * Nest transport strategy: keeps `@MessagePattern` / `@EventPattern` (through
 * `@RpcHandler` / `@EventHandler`) and hands every message to MessageConsumer.
 */
export class AmqpServer extends Server implements CustomTransportStrategy {
  private consumer: MessageConsumer | null = null;

  constructor(private readonly options: AmqpServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.consumer = new MessageConsumer(
        this.options.connection,
        this.options.consumer,
        this.registeredHandlers(),
        this.options.logger,
      );
      await this.consumer.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }

  on(): never {
    throw new Error('AmqpServer does not emit transport events; watch AmqpConnection instead');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private registeredHandlers(): Map<string, RegisteredHandler> {
    const handlers = new Map<string, RegisteredHandler>();
    for (const [pattern, handler] of this.messageHandlers) {
      const contract = handler.extras?.['contract'] as RpcContract | EventContract | undefined;
      handlers.set(pattern, {
        kind: handler.isEventHandler ? 'event' : 'rpc',
        ...(contract ? { contract } : {}),
        ...(handler.extras?.['perInstance'] === true ? { perInstance: true } : {}),
        invoke: handler.isEventHandler
          ? (payload, context) => this.runChain(handler, payload, context)
          : (payload, context) => this.runOne(handler, payload, context),
      });
    }
    return handlers;
  }

  private async runOne(
    handler: MessageHandler,
    payload: unknown,
    context: AmqpMessageContext,
  ): Promise<unknown> {
    const result: unknown = await handler(payload, context);
    // What Nest's transformToObservable + lastValueFrom would give, without building an
    // Observable for the plain value most handlers return: `await` has flattened any promise.
    if (!isObservable(result)) return result;
    return lastValueFrom(result, { defaultValue: undefined });
  }

  /** Nest chains several handlers of one event through `next`; all must succeed. */
  private async runChain(
    handler: MessageHandler,
    payload: unknown,
    context: AmqpMessageContext,
  ): Promise<void> {
    let current: MessageHandler | undefined = handler;
    while (current) {
      await this.runOne(current, payload, context);
      current = current.next as MessageHandler | undefined;
    }
  }
}
