import { useQuery } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../testing/render';
import { useLiveRefresh } from './live-refresh';

let reads = 0;

function Probe() {
  const stream = useLiveRefresh({
    types: ['education.registration.'],
    subjectId: 'mine',
    queryKey: ['probe'],
  });
  const query = useQuery({ queryKey: ['probe'], queryFn: () => ++reads, staleTime: Infinity });
  return (
    <p>
      {stream.live ? 'Live' : 'Polling'} read {query.data ?? 0}
    </p>
  );
}

const event = (id: number, subject: string) =>
  `id: ${id}\ndata: ${JSON.stringify({
    type: 'education.registration.step.done',
    occurredAt: '2026-12-07T05:00:00.000Z',
    subject: { kind: 'registration', id: subject },
    data: {},
  })}\n\n`;

/** GET /events once with the given blocks, then a stream that stays open; other paths 404. */
function eventsFetch(blocks: string[]) {
  let calls = 0;
  return async (input: string) => {
    if (!input.includes('/events')) return new Response('{}', { status: 404 });
    calls += 1;
    const first = calls === 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (first) for (const block of blocks) controller.enqueue(new TextEncoder().encode(block));
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
}

describe('useLiveRefresh', () => {
  it("reads the view again on each event about its subject, and only its subject's", async () => {
    reads = 0;
    renderWithProviders(<Probe />, { fetch: eventsFetch([event(1, 'other'), event(2, 'mine')]) });
    await screen.findByText('Live read 2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(2); // the first read, and the one the event about "mine" asked for
  });

  it('says it is not live once the stream fails, so the view polls', async () => {
    reads = 0;
    renderWithProviders(<Probe />, {
      fetch: async (input: string) => {
        if (input.includes('/events')) throw new TypeError('network down');
        return new Response('{}', { status: 404 });
      },
    });
    await waitFor(() => expect(screen.getByText(/^Polling/)).toBeTruthy());
  });
});
