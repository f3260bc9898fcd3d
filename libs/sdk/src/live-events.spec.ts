import { describe, expect, it } from 'vitest';
import { createMedicaLinkClient } from './client.js';
import type { LiveControl, ReceivedLiveEvent } from './types.js';

const event = (id: string, n: number) =>
  `id: ${id}\nevent: saga.started\ndata: ${JSON.stringify({
    type: 'saga.started',
    occurredAt: '2026-01-01T00:00:00.000Z',
    subject: { kind: 'saga', id: `s${n}` },
    data: { n },
  })}\n\n`;

function streamOf(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('client.events.subscribe', () => {
  it('reconnects after a break with Last-Event-ID and the server’s retry hint, handling each event once', async () => {
    const asked: { url: string; lastEventId: string | null }[] = [];
    const replies = [
      // one event split across chunks, then the connection breaks
      streamOf([
        'retry: 5\n\n',
        event('1-0', 1),
        event('2-0', 2).slice(0, 20),
        event('2-0', 2).slice(20),
      ]),
      streamOf([event('3-0', 3), 'event: overflow\ndata: {"reason":"slow"}\n\n']),
    ];
    const fetch = async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      asked.push({ url, lastEventId: headers.get('last-event-id') });
      return replies.shift() ?? new Response('{}', { status: 403 });
    };
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: async () => undefined });
    const seen: ReceivedLiveEvent[] = [];
    const controls: LiveControl[] = [];

    const subscription = client.events.subscribe(
      { types: ['saga.'], onControl: (c) => controls.push(c) },
      (e) => seen.push(e),
    );
    await subscription.closed;

    expect(seen.map((e) => [e.id, e.data['n']])).toEqual([
      ['1-0', 1],
      ['2-0', 2],
      ['3-0', 3],
    ]);
    expect(asked.map((a) => a.lastEventId)).toEqual([null, '2-0', '3-0']);
    expect(asked[0]?.url).toBe('http://localhost:3000/events?types=saga.');
    expect(controls.map((c) => c.event)).toEqual(['overflow', 'end']);
  });
});
