import { Catch, UseFilters, applyDecorators, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type {
  EventContract,
  EventPayload,
  RpcContract,
  RpcRequestParsed,
  RpcResponseInput,
} from '@medicalink/contracts';
import type { AmqpMessageContext } from '../message-context';

/**
 * Nest's default RPC filter flattens every error to "Internal server error";
 * this one lets the original error reach the transport, which builds the envelope.
 */
@Catch()
export class PassThroughRpcFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

type RpcMethod<C extends RpcContract> = (
  payload: RpcRequestParsed<C>,
  context: AmqpMessageContext,
) => RpcResponseInput<C> | Promise<RpcResponseInput<C>>;

type EventMethod<C extends EventContract> = (
  payload: EventPayload<C>,
  context: AmqpMessageContext,
) => void | Promise<void>;

/** Serves an RPC contract; the method is type-checked against the contract. */
export function RpcHandler<C extends RpcContract>(contract: C) {
  const decorate = applyDecorators(
    MessagePattern(contract.pattern, { contract }),
    UseFilters(PassThroughRpcFilter),
  );
  return <M extends RpcMethod<C>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    decorate(target, key, descriptor);
  };
}

/** Subscribes to an event contract; the service's events queue is bound to its name. */
export function EventHandler<C extends EventContract>(contract: C) {
  const decorate = applyDecorators(
    EventPattern(contract.name, { contract }),
    UseFilters(PassThroughRpcFilter),
  );
  return <M extends EventMethod<C>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    decorate(target, key, descriptor);
  };
}
