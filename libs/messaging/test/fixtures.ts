import { Controller } from '@nestjs/common';
import { z } from 'zod';
import { defineEvent, defineRpc } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { EventHandler, InstanceEventHandler, RpcHandler } from '../src/nest/decorators';
import { AmqpMessageContext } from '../src/message-context';

export const echoRpc = defineRpc('product.test.echo', {
  request: z.object({ text: z.string().min(1), n: z.number().int() }).strict(),
  response: z.object({ text: z.string(), n: z.number().int(), correlationId: z.string() }),
});
export const failRpc = defineRpc('product.test.fail', {
  request: z.object({ kind: z.enum(['domain', 'crash', 'bad-reply']) }),
  response: z.object({ ok: z.boolean() }),
});
export const slowRpc = defineRpc('product.test.slow', {
  request: z.object({ ms: z.number().int().min(0) }),
  response: z.object({ sleptMs: z.number() }),
});
/** declared but served by nobody: the service answers UNKNOWN_PATTERN */
export const missingRpc = defineRpc('product.test.missing', {
  request: z.object({}),
  response: z.object({}),
});

export const itemCreated = defineEvent(
  'test.item.created',
  z.object({ id: z.string(), n: z.number().int() }).strict(),
);
export const itemFailed = defineEvent(
  'test.item.failed',
  z.object({ id: z.string(), retryable: z.boolean() }),
);

export const calls = { slow: 0 };

@Controller()
export class TestRpcController {
  @RpcHandler(echoRpc)
  echo(payload: { text: string; n: number }, context: AmqpMessageContext) {
    return { ...payload, correlationId: context.correlationId };
  }

  @RpcHandler(failRpc)
  fail(payload: { kind: 'domain' | 'crash' | 'bad-reply' }) {
    if (payload.kind === 'domain') {
      throw new DomainError('ITEM_TAKEN', 'Item code already used', 409, { field: 'code' });
    }
    if (payload.kind === 'bad-reply') return { ok: 'yes' } as unknown as { ok: boolean };
    throw new Error('database connection reset');
  }

  @RpcHandler(slowRpc)
  async slow(payload: { ms: number }) {
    calls.slow += 1;
    await new Promise((resolve) => setTimeout(resolve, payload.ms));
    return { sleptMs: payload.ms };
  }
}

/** Records what each event subscriber instance saw, by a label given at construction. */
export class EventLog {
  readonly seen: {
    label: string;
    id: string;
    at: number;
    attempt: number;
    redelivered: boolean;
  }[] = [];

  record(label: string, id: string, context: AmqpMessageContext): void {
    this.seen.push({
      label,
      id,
      at: Date.now(),
      attempt: context.attempt,
      redelivered: context.redelivered,
    });
  }
}

/** Every process of its service sees each itemCreated (a per-process queue). */
export function instanceEventController(label: string, log: EventLog) {
  @Controller()
  class ItemRefreshController {
    @InstanceEventHandler(itemCreated)
    created(payload: { id: string }, context: AmqpMessageContext) {
      log.record(label, payload.id, context);
    }
  }
  return ItemRefreshController;
}

export function eventController(label: string, log: EventLog) {
  @Controller()
  class ItemEventsController {
    @EventHandler(itemCreated)
    created(payload: { id: string }, context: AmqpMessageContext) {
      log.record(label, payload.id, context);
    }

    @EventHandler(itemFailed)
    failed(payload: { id: string; retryable: boolean }, context: AmqpMessageContext) {
      log.record(label, payload.id, context);
      throw new DomainError(
        'ITEM_BROKEN',
        `item ${payload.id} cannot be processed`,
        payload.retryable ? 503 : 422,
        undefined,
        payload.retryable,
      );
    }
  }
  return ItemEventsController;
}
