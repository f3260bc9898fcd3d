import { Catch, UseFilters, applyDecorators, type RpcExceptionFilter } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
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

/**
 * Nest passes only the payload unless parameters are decorated; our handlers
 * take `(payload, context)`, so that is the default when none are decorated.
 */
function defaultParameters(target: object, key: string | symbol): void {
  if (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key)) return;
  Payload()(target, key, 0);
  Ctx()(target, key, 1);
}

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
    defaultParameters(target, key);
    decorate(target, key, descriptor);
  };
}

/** Subscribes to an event contract; the service's events queue is bound to its name. */
export function EventHandler<C extends EventContract>(contract: C) {
  return eventHandler(contract, false);
}

/**
 * Subscribes every process of the service to an event contract (INSTANCE_EVENT_SUBSCRIPTIONS):
 * for events that refresh per-process state, which a replica that never sees them would keep.
 */
export function InstanceEventHandler<C extends EventContract>(contract: C) {
  return eventHandler(contract, true);
}

function eventHandler<C extends EventContract>(contract: C, perInstance: boolean) {
  const decorate = applyDecorators(
    EventPattern(contract.name, { contract, perInstance }),
    UseFilters(PassThroughRpcFilter),
  );
  return <M extends EventMethod<C>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    defaultParameters(target, key);
    decorate(target, key, descriptor);
  };
}
