import type { Message } from 'amqplib';
import { describe, expect, it, vi } from 'vitest';
import { DeliveryAcks } from './delivery-acks';

const delivery = (deliveryTag: number) => ({ fields: { deliveryTag } }) as Message;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function setup(count: number) {
  const channel = { ack: vi.fn(), nack: vi.fn() };
  const acks = new DeliveryAcks(channel);
  const messages = Array.from({ length: count }, (_, i) => delivery(i + 1));
  messages.forEach((message) => acks.received(message));
  const sent = () =>
    channel.ack.mock.calls.map(([m, multiple]) => [(m as Message).fields.deliveryTag, !!multiple]);
  return { channel, acks, messages, sent };
}

describe('DeliveryAcks', () => {
  it('sends the acks of one turn as one multiple ack when they cover every delivery', async () => {
    const { acks, messages, sent } = setup(3);
    messages.forEach((message) => acks.ack(message));
    expect(sent()).toEqual([]);
    await nextTurn();
    expect(sent()).toEqual([[3, true]]);
  });

  it('never covers a delivery whose handler is still running', async () => {
    const { acks, messages, sent } = setup(4);
    acks.ack(messages[0]!);
    acks.ack(messages[2]!);
    acks.ack(messages[3]!);
    await nextTurn();
    expect(sent()).toEqual([
      [1, false],
      [3, false],
      [4, false],
    ]);
    acks.ack(messages[1]!);
    await nextTurn();
    expect(sent().at(-1)).toEqual([2, false]);
  });

  it('lets a nacked delivery no longer hold back later acks', async () => {
    const { channel, acks, messages, sent } = setup(3);
    acks.nack(messages[0]!, true);
    expect(channel.nack).toHaveBeenCalledWith(messages[0], false, true);
    acks.ack(messages[1]!);
    acks.ack(messages[2]!);
    await nextTurn();
    expect(sent()).toEqual([[3, true]]);
  });

  it('drops the acks quietly when the channel has closed', async () => {
    const { channel, acks, messages } = setup(1);
    channel.ack.mockImplementation(() => {
      throw new Error('Channel closed');
    });
    acks.ack(messages[0]!);
    await expect(nextTurn()).resolves.toBeUndefined();
  });
});
