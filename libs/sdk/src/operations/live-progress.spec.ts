import { describe, expect, it } from 'vitest';
import { createMedicaLinkClient } from '../client.js';
import type { ClientEvent } from '../events.js';
import type { FetchLike } from '../config.js';
import {
  abortableSleep,
  EDUCATION_INPUT,
  fakeFetch,
  gatewayError,
  json,
  never,
  REGISTRATION_STEPS,
  sseStream,
} from '../../test/fake-fetch.js';

type Progress = Extract<ClientEvent, { type: 'operation_progress' }>;

function recordProgress(client: ReturnType<typeof createMedicaLinkClient>) {
  const seen: Progress[] = [];
  client.addEventListener((event) => {
    if (event.type === 'operation_progress') seen.push(event);
  });
  return seen;
}
const stepsOf = (seen: Progress[]) =>
  seen.map((event) => `${event.step}@${String(event.data?.['source'])}`);

describe('importSchedule with the live event stream', () => {
  const file = new Blob(['date,start,end,unit,shift,required\n'], { type: 'text/csv' });
  const view = (status: string) => ({
    id: 'i1',
    status,
    phases: [],
    validation: { errors: [], warnings: [], infos: [] },
  });
  const phaseView = (name: string) => ({
    name,
    critical: name === 'spreadsheet',
    messages: [],
    startedAt: null,
    finishedAt: null,
  });
  const importSubject = { kind: 'import', id: 'i1' };
  const phase = (name: string, outcome?: string) => ({
    importId: 'i1',
    hospitalId: 'h1',
    phase: name,
    ...(outcome ? { outcome, counts: { shiftCount: 3 } } : {}),
  });

  /** A gateway whose GET /events answers `events()` and whose n-th read of the import `read(n)`. */
  function gatewayWith(events: () => Response, read: (n: number) => object) {
    let reads = 0;
    return fakeFetch((request) => {
      if (request.path === '/events') return events();
      if (request.method === 'POST') return json(202, { importId: 'i1', status: 'idle' });
      reads += 1;
      return json(200, read(reads));
    });
  }

  /** Runs an import against `fetch`, recording its progress events. */
  async function runImport(fetch: FetchLike, pollInterval: number) {
    const client = createMedicaLinkClient({
      token: 't',
      fetch,
      sleep: abortableSleep,
      pollInterval,
    });
    const seen = recordProgress(client);
    const result = await client.importSchedule({ file, fileName: 'r.csv', hospitalId: 'h1' });
    expect(result).toMatchObject({ success: true, data: { status: 'completed' } });
    return seen;
  }

  it('takes the phases from the stream, opened before the upload, and reads the import only after the upload and when its saga ends', async () => {
    const stream = sseStream();
    let finished = false;
    const fetch = fakeFetch((request) => {
      if (request.path === '/events') return stream.response;
      if (request.method === 'POST') {
        // published before the upload's reply reaches the client: still not missed
        stream.event('schedule.import.phase.started', importSubject, phase('spreadsheet'));
        return json(202, { importId: 'i1', status: 'idle' });
      }
      if (!finished) {
        finished = true;
        setTimeout(() => {
          stream.event('saga.step.succeeded', { kind: 'saga', id: 'other' }, {});
          stream.event(
            'schedule.import.phase.finished',
            importSubject,
            phase('spreadsheet', 'succeeded'),
          );
          stream.event('schedule.import.phase.started', importSubject, phase('roster'));
          stream.event('schedule.import.phase.finished', importSubject, phase('roster', 'failed'));
          stream.event('schedule.import.phase.started', importSubject, phase('coverage'));
          stream.event(
            'schedule.import.phase.finished',
            importSubject,
            phase('coverage', 'succeeded'),
          );
          stream.event('saga.completed', { kind: 'saga', id: 'i1' }, { sagaId: 'i1' });
        }, 20);
        return json(200, view('in_progress'));
      }
      return json(200, view('completed'));
    });
    const seen = await runImport(fetch, 1_000);

    expect(fetch.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /events',
      'POST /schedules/imports',
      'GET /schedules/imports/i1',
      'GET /schedules/imports/i1',
    ]);
    expect(stepsOf(seen)).toEqual([
      'upload@undefined',
      'in_progress:spreadsheet@stream',
      'spreadsheet:succeeded@stream',
      'in_progress:roster@stream',
      'roster:failed@stream',
      'in_progress:coverage@stream',
      'coverage:succeeded@stream',
      'completed@poll',
    ]);
    expect(seen.map((event) => event.percentage)).toEqual([0, 0, 33, 33, 67, 67, 100, 100]);
    expect(seen[2]!.data).toMatchObject({ importId: 'i1', counts: { shiftCount: 3 } });
  });

  it('reports from the final read the phases that ended before the stream delivered them', async () => {
    const stream = sseStream();
    const ended = (name: string, state: string) => ({ ...phaseView(name), state });
    const fetch = fakeFetch((request) => {
      if (request.path === '/events') return stream.response;
      if (request.method === 'POST') {
        stream.event('schedule.import.phase.started', importSubject, phase('spreadsheet'));
        stream.event(
          'schedule.import.phase.finished',
          importSubject,
          phase('spreadsheet', 'succeeded'),
        );
        return json(202, { importId: 'i1', status: 'idle' });
      }
      // the import is over before the stream has brought the roster and coverage phases
      return json(200, {
        ...view('completed'),
        phases: [
          ended('spreadsheet', 'succeeded'),
          ended('roster', 'failed'),
          ended('coverage', 'succeeded'),
        ],
      });
    });
    const seen = await runImport(fetch, 1_000);

    expect(stepsOf(seen)).toEqual([
      'upload@undefined',
      'in_progress:spreadsheet@stream',
      'spreadsheet:succeeded@stream',
      'roster:failed@poll',
      'coverage:succeeded@poll',
      'completed@poll',
    ]);
    expect(seen.map((event) => event.percentage)).toEqual([0, 0, 33, 67, 100, 100]);
  });

  it.each([
    ['refused', () => gatewayError(429, 'At most 5 streams per token')],
    ['not served', () => json(200, { message: 'a web page' })],
  ])('polls when the stream is %s', async (_, answer) => {
    const fetch = gatewayWith(answer, (reads) => view(reads < 3 ? 'in_progress' : 'completed'));
    const seen = await runImport(fetch, 5);

    expect(stepsOf(seen)).toEqual([
      'upload@undefined',
      'in_progress@poll',
      'in_progress@poll',
      'completed@poll',
    ]);
  });

  it('polls when the stream does not open within 12 poll intervals', async () => {
    const fetch = fakeFetch((request, signal) => {
      if (request.path === '/events') return never(signal);
      return request.method === 'POST'
        ? json(202, { importId: 'i1', status: 'idle' })
        : json(200, view('completed'));
    });
    const started = Date.now();
    const seen = await runImport(fetch, 5);

    expect(stepsOf(seen)).toEqual(['upload@undefined', 'completed@poll']);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('polls from the moment the stream breaks, and still ends with the final state', async () => {
    const stream = sseStream();
    const fetch = gatewayWith(
      () => stream.response,
      (reads) => {
        if (reads === 1) {
          setTimeout(() => {
            stream.event('schedule.import.phase.started', importSubject, phase('spreadsheet'));
            stream.end(); // the gateway went away; the saga's end is never streamed
          }, 10);
        }
        return view(reads < 4 ? 'in_progress' : 'completed');
      },
    );
    const seen = await runImport(fetch, 5);

    expect(stepsOf(seen)).toEqual([
      'upload@undefined',
      'in_progress:spreadsheet@stream',
      'in_progress@poll',
      'in_progress@poll',
      'completed@poll',
    ]);
    // the stream is not reopened for the rest of the operation
    expect(fetch.requests.filter((request) => request.path === '/events')).toHaveLength(1);
  });

  it('still reads the import now and then while the stream holds but says nothing', async () => {
    let reads = 0;
    const stream = sseStream();
    const fetch = gatewayWith(
      () => stream.response,
      (n) => {
        reads = n;
        return view(reads < 2 ? 'in_progress' : 'completed');
      },
    );
    await runImport(fetch, 2);

    expect(reads).toBe(2);
  });
});

describe('registerEducation with the live event stream', () => {
  const input = EDUCATION_INPUT;
  const STREAM_NAMES: Record<string, string> = {
    validate: 'validate',
    category: 'category',
    'link-account': 'linkAccount',
    create: 'create',
    complete: 'complete',
  };

  function gateway(stream: ReturnType<typeof sseStream> | undefined, lastStreamed: string) {
    let streaming = true;
    return fakeFetch((request) => {
      if (request.path === '/events')
        return stream?.response ?? gatewayError(503, 'Service Unavailable');
      if (request.method === 'GET')
        return json(200, { sessionId: 'r1', status: 'workflow_completed' });
      if (request.path === '/education/registrations')
        return json(201, { sessionId: 'r1', status: 'staged' });
      const step = request.path.split('/').at(-1)!;
      if (stream && streaming) {
        stream.event(
          'education.registration.step.done',
          { kind: 'registration', id: 'r1' },
          { sessionId: 'r1', step: STREAM_NAMES[step], status: 'x' },
        );
        if (step === lastStreamed) {
          streaming = false;
          stream.end();
        }
      }
      return json(200, { isValid: true, sessionId: 'r1' });
    });
  }

  it('reports each step as the stream records it', async () => {
    const fetch = gateway(sseStream(), 'none');
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: abortableSleep });
    const seen = recordProgress(client);

    const result = await client.registerEducation(input);

    expect(result).toMatchObject({ success: true });
    expect(stepsOf(seen)).toEqual([
      'stage@undefined',
      'validate@stream',
      'category@stream',
      'link-account@stream',
      'create@stream',
      'complete@stream',
      'done@undefined',
    ]);
  });

  it('reports the steps as it sends them once the stream broke, each once and in order', async () => {
    const fetch = gateway(sseStream(), 'category');
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: abortableSleep });
    const seen = recordProgress(client);

    await client.registerEducation(input);

    expect(seen.map((event) => event.step)).toEqual(REGISTRATION_STEPS);
    expect(stepsOf(seen).slice(3)).toEqual([
      'link-account@request',
      'create@request',
      'complete@request',
      'done@undefined',
    ]);
  });

  it('reports the steps as it sends them without a stream', async () => {
    const fetch = gateway(undefined, 'none');
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: abortableSleep });
    const seen = recordProgress(client);

    await client.registerEducation(input);

    expect(stepsOf(seen).slice(1, 3)).toEqual(['validate@request', 'category@request']);
  });
});
