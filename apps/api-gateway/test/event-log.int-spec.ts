import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LiveEvent } from '@medicalink/contracts';
import { createTestNamespace } from '@medicalink/testing';
import { compareIds, EventLog } from '../src/events/event-log';

const namespace = createTestNamespace(inject('infrastructure'), 'eventlog');
let redis: Redis;
let blocking: Redis;
let counter = 0;

beforeAll(() => {
  redis = new Redis(namespace.infrastructure.redisUrl);
  blocking = new Redis(namespace.infrastructure.redisUrl);
});

afterAll(async () => {
  redis?.disconnect();
  blocking?.disconnect();
  await namespace.cleanup();
});

function logOf(maxLength: number, maxAgeMs = 60_000): EventLog {
  counter += 1;
  const key = `${namespace.redisKeyPrefix}live-events-${counter}`;
  return new EventLog(redis, { key, maxLength, maxAgeMs, dedupeTtlSec: 60 });
}

const event = (n: number): LiveEvent => ({
  type: 'saga.started',
  occurredAt: new Date().toISOString(),
  subject: { kind: 'saga', id: `saga-${n}` },
  data: { n },
});

describe('EventLog on Redis Streams', () => {
  it('logs a message id once, under increasing ids', async () => {
    const log = logOf(1_000);
    const first = await log.append('m1', event(1));
    const again = await log.append('m1', event(1));
    const second = await log.append('m2', event(2));

    expect(again).toBeNull();
    expect(compareIds(second!, first!)).toBeGreaterThan(0);
    expect(await log.lastId()).toBe(second);
  });

  it('resumes with exactly the events after an id, once each', async () => {
    const log = logOf(1_000);
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) ids.push((await log.append(`r${n}`, event(n)))!);

    const resume = await log.resume(ids[1]!, 100);

    expect(resume.kind === 'events' && resume.events.map((e) => e.event.data['n'])).toEqual([
      2, 3, 4,
    ]);
    expect(await log.readAfter(blocking, ids[3]!, 10, 10)).toEqual([
      { id: ids[4], event: expect.objectContaining({ data: { n: 4 } }) },
    ]);
  });

  it('answers a reset for an id whose successors were trimmed (length cap)', async () => {
    const log = logOf(100);
    const first = (await log.append('t0', event(0)))!;
    for (let n = 1; n < 400; n += 1) await log.append(`t${n}`, event(n));

    expect(await log.resume(first, 1_000)).toEqual({ kind: 'reset' });
    expect((await log.resume(await log.lastId(), 10)).kind).toBe('events');
  });

  it('trims events older than the age cap', async () => {
    let now = Date.now() - 3_600_000;
    counter += 1;
    const key = `${namespace.redisKeyPrefix}live-events-age-${counter}`;
    const log = new EventLog(
      redis,
      { key, maxLength: 10_000, maxAgeMs: 1_000, dedupeTtlSec: 60 },
      () => now,
    );
    const old = (await log.append('a0', event(0)))!;
    for (let n = 1; n < 300; n += 1) await log.append(`a${n}`, event(n));
    now = Date.now() + 10_000;
    await log.append('late', event(999));

    expect(await log.resume(old, 1_000)).toEqual({ kind: 'reset' });
  });
});
