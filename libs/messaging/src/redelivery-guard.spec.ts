import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it, vi } from 'vitest';
import { BROKER_DELIVERY_COUNT } from './headers';
import {
  redeliveryVerdict,
  REDELIVERY_LIMIT_CODE,
  REDELIVERY_UNCOUNTED_CODE,
} from './redelivery-guard';

function delivery(
  redelivered: boolean,
  properties: Record<string, unknown> = {},
  headers: Record<string, unknown> = {},
): ConsumeMessage {
  return {
    content: Buffer.from('{"n":1}'),
    fields: { redelivered, routingKey: 'test.item.created' },
    properties: { headers, ...properties },
  } as unknown as ConsumeMessage;
}

function guard(count: number, limit = 2) {
  const countRedelivery = vi.fn(async (_consumer: string, _key: string) => count);
  return { settings: { ledger: { countRedelivery }, limit }, countRedelivery };
}

const classic = { service: 'product', queueType: 'classic' as const };
const quorum = { service: 'product', queueType: 'quorum' as const };

describe('redeliveryVerdict', () => {
  it('lets a first delivery through without counting anything', async () => {
    const { settings, countRedelivery } = guard(99);
    expect(await redeliveryVerdict(settings, classic, delivery(false))).toBeUndefined();
    expect(countRedelivery).not.toHaveBeenCalled();
  });

  it('lets redeliveries through up to the limit, counted under the message id', async () => {
    const { settings, countRedelivery } = guard(2);
    const message = delivery(true, { messageId: 'm-1' });
    expect(await redeliveryVerdict(settings, classic, message)).toBeUndefined();
    expect(countRedelivery).toHaveBeenCalledWith('product', 'm-1');
  });

  it('dead-letters the next one with REDELIVERY_LIMIT, not retryable', async () => {
    const { settings } = guard(3);
    expect(await redeliveryVerdict(settings, classic, delivery(true))).toEqual({
      kind: 'poison',
      error: expect.objectContaining({
        code: REDELIVERY_LIMIT_CODE,
        status: 500,
        retryable: false,
        message: expect.stringMatching(/^Delivered 4 times; the 3 deliveries handled/),
        details: { deliveries: 4, limit: 2, countedBy: 'ledger' },
      }),
    });
  });

  it('names an RPC request by its correlation id, and an anonymous message by its content', async () => {
    const { settings, countRedelivery } = guard(1);
    await redeliveryVerdict(settings, classic, delivery(true, { correlationId: 'c-1' }));
    await redeliveryVerdict(settings, classic, delivery(true));
    expect(countRedelivery.mock.calls.map(([, key]) => key)).toEqual([
      'rpc:c-1',
      expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    ]);
  });

  it('does not let a redelivery it could not count be handled: retryable REDELIVERY_UNCOUNTED', async () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const settings = { ledger: { countRedelivery: vi.fn().mockRejectedValue(cause) }, limit: 2 };
    const verdict = await redeliveryVerdict(settings, classic, delivery(true));
    expect(verdict).toEqual({
      kind: 'uncounted',
      cause,
      error: expect.objectContaining({ code: REDELIVERY_UNCOUNTED_CODE, retryable: true }),
    });
    // The database's address stays in the logs.
    expect(verdict?.error.message).not.toMatch(/5432/);
  });

  it("reads a quorum queue's own delivery count instead of writing to the ledger", async () => {
    const { settings, countRedelivery } = guard(0);
    const under = delivery(true, {}, { [BROKER_DELIVERY_COUNT]: 2 });
    const over = delivery(true, {}, { [BROKER_DELIVERY_COUNT]: 3 });
    expect(await redeliveryVerdict(settings, quorum, under)).toBeUndefined();
    expect(await redeliveryVerdict(settings, quorum, over)).toMatchObject({
      kind: 'poison',
      error: { details: { countedBy: 'broker', deliveries: 4 } },
    });
    expect(countRedelivery).not.toHaveBeenCalled();
  });

  it('guards quorum queues without a ledger, and ignores the header on classic ones', async () => {
    const counted = delivery(true, {}, { [BROKER_DELIVERY_COUNT]: 9 });
    expect(await redeliveryVerdict({ limit: 2 }, quorum, counted)).toMatchObject({
      kind: 'poison',
    });
    expect(await redeliveryVerdict({ limit: 2 }, classic, counted)).toBeUndefined();
  });

  it('is off without settings', async () => {
    expect(await redeliveryVerdict(undefined, classic, delivery(true))).toBeUndefined();
  });
});
