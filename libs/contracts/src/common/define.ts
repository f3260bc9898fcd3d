import { type z } from 'zod';

/** Services that own an RPC queue. The first segment of every pattern names one. */
export const SERVICE_NAMES = [
  'gateway',
  'orchestrator',
  'accounts',
  'directory',
  'product',
  'education',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RpcContract<
  P extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  readonly kind: 'rpc';
  readonly pattern: P;
  /** the service whose queue receives the request */
  readonly service: ServiceName;
  readonly request: Req;
  readonly response: Res;
}

export interface EventContract<N extends string = string, Payload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly name: N;
  readonly payload: Payload;
}

export type RpcRequest<C extends RpcContract> = z.input<C['request']>;
export type RpcRequestParsed<C extends RpcContract> = z.output<C['request']>;
export type RpcResponse<C extends RpcContract> = z.output<C['response']>;
export type RpcResponseInput<C extends RpcContract> = z.input<C['response']>;
export type EventPayload<C extends EventContract> = z.output<C['payload']>;
export type EventPayloadInput<C extends EventContract> = z.input<C['payload']>;

const PATTERN = /^[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9-]*){2,}$/;

/** Declares an RPC once: `<service>.<resource>.<action>`, request and response schemas. */
export function defineRpc<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
  pattern: P,
  schemas: { request: Req; response: Res },
): RpcContract<P, Req, Res> {
  if (!PATTERN.test(pattern))
    throw new Error(`RPC pattern "${pattern}" is not <service>.<resource>.<action>`);
  const service = pattern.split('.')[0] as ServiceName;
  if (!SERVICE_NAMES.includes(service)) {
    throw new Error(
      `RPC pattern "${pattern}" does not start with a known service (${SERVICE_NAMES.join(', ')})`,
    );
  }
  return { kind: 'rpc', pattern, service, ...schemas };
}

/** Event names may also be `<context>.<verb>` (`saga.completed`), and use `_` (`saga.compensation_failed`). */
const EVENT_PATTERN = /^[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9_-]*)+$/;

/** Declares an event once: `<context>.<entity>.<past-tense verb>` and its payload schema. */
export function defineEvent<N extends string, Payload extends z.ZodType>(
  name: N,
  payload: Payload,
): EventContract<N, Payload> {
  if (!EVENT_PATTERN.test(name))
    throw new Error(`event name "${name}" is not <context>.<entity>.<verb>`);
  return { kind: 'event', name, payload };
}
