import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it, vi } from 'vitest';
import { redeliveryVerdict, REDELIVERY_LIMIT_CODE } from './redelivery-guard';

function delivery(redelivered: boolean, properties: Record<string, unknown> = {}): ConsumeMessage {
  return {
    content: Buffer.from('{"n":1}'),
    fields: { redelivered, routingKey: 'test.item.created' },
    properties: { headers: {}, ...properties },
  } as unknown as ConsumeMessage;
}

function guard(count: number, limit = 2) {
  const countRedelivery = vi.fn(async (_consumer: string, _key: string) => count);
  return { settings: { ledger: { countRedelivery }, limit }, countRedelivery };
}

describe('redeliveryVerdict', () => {
  it('lets a first delivery through without counting anything', async () => {
    const { settings, countRedelivery } = guard(99);
    expect(await redeliveryVerdict(settings, 'product', delivery(false))).toBeUndefined();
    expect(countRedelivery).not.toHaveBeenCalled();
  });

  it('lets redeliveries through up to the limit, counted under the message id', async () => {
    const { settings, countRedelivery } = guard(2);
    const message = delivery(true, { messageId: 'm-1' });
    expect(await redeliveryVerdict(settings, 'product', message)).toBeUndefined();
    expect(countRedelivery).toHaveBeenCalledWith('product', 'm-1');
  });

  it('dead-letters the next one with REDELIVERY_LIMIT, not retryable', async () => {
    const { settings } = guard(3);
    expect(await redeliveryVerdict(settings, 'product', delivery(true))).toMatchObject({
      code: REDELIVERY_LIMIT_CODE,
      status: 500,
      retryable: false,
      message: expect.stringMatching(/Delivered 4 times/),
    });
  });

  it('names an RPC request by its correlation id, and an anonymous message by its content', async () => {
    const { settings, countRedelivery } = guard(1);
    await redeliveryVerdict(settings, 'product', delivery(true, { correlationId: 'c-1' }));
    await redeliveryVerdict(settings, 'product', delivery(true));
    expect(countRedelivery.mock.calls.map(([, key]) => key)).toEqual([
      'rpc:c-1',
      expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    ]);
  });

  it('is off without settings', async () => {
    expect(await redeliveryVerdict(undefined, 'product', delivery(true))).toBeUndefined();
  });
});
