import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AmqpConnection } from './connection';
import { MessageConsumer, type ConsumerSettings, type RegisteredHandler } from './message-consumer';

const handler = (kind: 'rpc' | 'event'): RegisteredHandler => ({
  kind,
  invoke: async () => undefined,
});

const handlers = new Map<string, RegisteredHandler>([
  ['directory.doctor.get', handler('rpc')],
  ['staff.account.updated', handler('event')],
]);

function consumer(subscribedEvents?: string[]): MessageConsumer {
  const settings: ConsumerSettings = {
    prefix: 'medicalink',
    service: 'directory',
    queueType: 'classic',
    rpcPrefetch: 1,
    eventPrefetch: 1,
    eventRetry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    faults: [],
    ...(subscribedEvents ? { subscribedEvents } : {}),
  };
  return new MessageConsumer({} as AmqpConnection, settings, handlers, pino({ level: 'silent' }));
}

describe('MessageConsumer subscription check', () => {
  it('starts when its event handlers are exactly the events listed for it', () => {
    expect(() => consumer(['staff.account.updated'])).not.toThrow();
    expect(() => consumer()).not.toThrow(); // no list given: unchecked
  });

  it('refuses to start with a handler for an event not listed for it', () => {
    expect(() => consumer([])).toThrow(/handled but not listed: staff\.account\.updated/);
  });

  it('refuses to start when a listed event has no handler (it would be dead-lettered)', () => {
    expect(() => consumer(['staff.account.updated', 'doctor.profile.updated'])).toThrow(
      /listed but not handled: doctor\.profile\.updated/,
    );
  });
});
