import { describe, expect, it } from 'vitest';
import { createMedicaLinkClient } from '../client.js';
import type { ClientEvent } from '../events.js';
import {
  EDUCATION_INPUT,
  fakeFetch,
  gatewayError,
  json,
  PRODUCT,
  recordingSleep,
  type RecordedRequest,
} from '../../test/fake-fetch.js';

/** The requests of the operation itself, without its attempt to open GET /events. */
const commandsOf = (fetch: { requests: RecordedRequest[] }) =>
  fetch.requests.filter((request) => request.path !== '/events');

const progressOf = (events: ClientEvent[]) =>
  events.flatMap((event) => (event.type === 'operation_progress' ? [event.step] : []));

describe('onboardDoctor', () => {
  it('polls the composite read until the doctor shows', async () => {
    let reads = 0;
    const fetch = fakeFetch((request) => {
      if (request.method === 'POST')
        return json(201, { sagaId: 's1', accountId: 'a1', doctorId: 'd1' });
      return ++reads < 3
        ? gatewayError(404, 'Doctor not found')
        : json(200, { data: { id: 'd1', fullName: 'Dr' }, cache: {} });
    });
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: recordingSleep() });

    const result = await client.onboardDoctor({
      email: 'a@b.c',
      password: 'x'.repeat(12),
      fullName: 'Dr',
      specialty: 'Cardio',
      licenseNumber: 'L-1',
    });

    expect(result).toMatchObject({
      success: true,
      data: { sagaId: 's1', doctorId: 'd1', doctor: { id: 'd1' } },
    });
    expect(fetch.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /doctors',
      'GET /doctors/d1',
      'GET /doctors/d1',
      'GET /doctors/d1',
    ]);
  });

  it('says the saga step failed, with the saga details', async () => {
    const fetch = fakeFetch(() =>
      gatewayError(409, 'Email already used', {
        details: { saga: { sagaId: 's', step: 'createAccount', state: 'compensated' } },
      }),
    );
    const client = createMedicaLinkClient({ token: 't', fetch });
    const result = await client.onboardDoctor({
      email: 'a@b.c',
      password: 'x'.repeat(12),
      fullName: 'Dr',
      specialty: 'Cardio',
      licenseNumber: 'L-1',
    });
    expect(result).toMatchObject({
      success: false,
      status: 409,
      details: { failedStep: 'createDoctor', saga: { step: 'createAccount' } },
      serviceErrors: { createDoctor: 'Email already used' },
    });
  });
});

describe('createProductWithTarget', () => {
  const base = '/private/products/orchestrate/session';

  it('runs create, product, target, commit with a progress event per step', async () => {
    const fetch = fakeFetch((request) => {
      if (request.path.endsWith('/create'))
        return json(201, { sessionId: 's1', state: 'initiated', expiresAt: 'x' });
      if (request.path.endsWith('/commit'))
        return json(200, {
          success: true,
          productGuid: 'p1',
          targetGuid: 't1',
          productCode: 'ABC',
          operationId: 'o',
        });
      return json(200, { sessionId: 's1', state: 'ok', expiresAt: 'x' });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });
    const events: ClientEvent[] = [];
    client.addEventListener((event) => events.push(event));

    const result = await client.createProductWithTarget(PRODUCT, {
      osot_location_province: [1, 2],
    });

    expect(result).toMatchObject({
      success: true,
      data: { sessionId: 's1', sessions: 1, commit: { productGuid: 'p1' } },
    });
    expect(fetch.requests.map((request) => request.path)).toEqual([
      `${base}/create`,
      `${base}/s1/product`,
      `${base}/s1/audience-target`,
      `${base}/s1/commit`,
    ]);
    expect(fetch.requests[2]!.body).toEqual({ osot_location_province: [1, 2] });
    expect(progressOf(events)).toEqual([
      'createSession',
      'addProduct',
      'addTarget',
      'commit',
      'done',
    ]);
  });

  it('starts over in a new session when the first expired before the commit', async () => {
    let sessions = 0;
    const fetch = fakeFetch((request) => {
      if (request.path.endsWith('/create'))
        return json(201, { sessionId: `s${++sessions}`, state: 'initiated', expiresAt: 'x' });
      if (request.path.startsWith(`${base}/s1/`) && request.path.endsWith('/commit'))
        return gatewayError(404, 'Session not found or expired');
      if (request.path.endsWith('/commit')) return json(200, { success: true, productGuid: 'p2' });
      return json(200, { state: 'ok' });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });

    const result = await client.createProductWithTarget(PRODUCT);

    expect(result).toMatchObject({ success: true, data: { sessionId: 's2', sessions: 2 } });
    expect(fetch.requests.filter((request) => request.path.endsWith('/create'))).toHaveLength(2);
  });

  it('reports a refused commit as the failed step with its result', async () => {
    const fetch = fakeFetch((request) => {
      if (request.path.endsWith('/create'))
        return json(201, { sessionId: 's1', state: 'initiated', expiresAt: 'x' });
      if (request.path.endsWith('/commit'))
        return json(200, {
          success: false,
          errors: ['target: province 99 unknown'],
          operationId: 'o',
        });
      return json(200, {});
    });
    const client = createMedicaLinkClient({ token: 't', fetch });
    const result = await client.createProductWithTarget(PRODUCT, { osot_location_province: [99] });
    expect(result).toMatchObject({
      success: false,
      code: 'STEP_FAILED',
      details: {
        failedStep: 'commit',
        sessionId: 's1',
        commit: { errors: ['target: province 99 unknown'] },
      },
    });
  });

  it('stops at a product refused with field errors, without a new session', async () => {
    const fetch = fakeFetch((request) =>
      request.path.endsWith('/create')
        ? json(201, { sessionId: 's1', state: 'initiated', expiresAt: 'x' })
        : gatewayError(400, 'Validation failed', { errors: ['code: must be 3 to 40 characters'] }),
    );
    const client = createMedicaLinkClient({ token: 't', fetch });
    const result = await client.createProductWithTarget(PRODUCT);
    expect(result).toMatchObject({
      success: false,
      status: 400,
      details: { failedStep: 'addProduct', errors: ['code: must be 3 to 40 characters'] },
    });
    expect(commandsOf(fetch)).toHaveLength(2);
  });
});

describe('registerEducation', () => {
  const input = EDUCATION_INPUT;

  it('runs every step in order and returns the final registration', async () => {
    const fetch = fakeFetch((request) => {
      if (request.method === 'GET')
        return json(200, { sessionId: 'r1', status: 'workflow_completed' });
      if (request.path === '/education/registrations')
        return json(201, { sessionId: 'r1', status: 'staged' });
      if (request.path.endsWith('/validate'))
        return json(200, { isValid: true, validationScore: 100 });
      return json(200, { ok: request.path });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });

    const result = await client.registerEducation(input);

    expect(result).toMatchObject({
      success: true,
      data: { sessionId: 'r1', registration: { status: 'workflow_completed' } },
    });
    expect(
      commandsOf(fetch).map(
        (request) => request.path.replace('/education/registrations', '') || '/',
      ),
    ).toEqual([
      '/',
      '/r1/validate',
      '/r1/category',
      '/r1/link-account',
      '/r1/create',
      '/r1/complete',
      '/r1',
    ]);
    expect(commandsOf(fetch)[0]!.body).not.toHaveProperty('accountId');
    expect(commandsOf(fetch)[3]!.body).toEqual({ accountId: 'a1' });
  });

  it('stops at a validation that fails, with its result', async () => {
    const fetch = fakeFetch((request) =>
      request.path === '/education/registrations'
        ? json(201, { sessionId: 'r1', status: 'staged' })
        : json(200, { isValid: false, criticalFailures: ['graduationYear in the future'] }),
    );
    const client = createMedicaLinkClient({ token: 't', fetch });
    const result = await client.registerEducation(input);
    expect(result).toMatchObject({
      success: false,
      details: { failedStep: 'validate', sessionId: 'r1', stepResult: { isValid: false } },
    });
    expect(commandsOf(fetch)).toHaveLength(2);
  });

  it('stops at a step answered with an error', async () => {
    const fetch = fakeFetch((request) => {
      if (request.path === '/education/registrations')
        return json(201, { sessionId: 'r1', status: 'staged' });
      if (request.path.endsWith('/link-account')) return gatewayError(404, 'Account not found');
      return json(200, { isValid: true });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });
    const result = await client.registerEducation(input);
    expect(result).toMatchObject({
      success: false,
      status: 404,
      details: { failedStep: 'link-account' },
    });
    expect(fetch.requests.at(-1)!.path).toMatch(/link-account$/);
  });
});

describe('importSchedule', () => {
  const file = new Blob(['date,start,end,unit,shift,required\n'], { type: 'text/csv' });
  const phase = (name: string, state: string) => ({
    name,
    critical: name !== 'roster',
    state,
    messages: [],
    startedAt: null,
    finishedAt: null,
  });
  const view = (
    status: string,
    states: [string, string, string],
    validation = { errors: [], warnings: [], infos: [] } as object,
  ) => ({
    id: 'i1',
    hospitalId: 'h1',
    fileName: 'roster.csv',
    fileType: 'csv',
    rosterSourceUrl: null,
    status,
    phases: [
      phase('spreadsheet', states[0]),
      phase('roster', states[1]),
      phase('coverage', states[2]),
    ],
    validation,
    result: {
      scheduleVersionId: null,
      shiftCount: null,
      assignmentCount: null,
      coverageGapCount: null,
    },
    createdAt: 'x',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  });

  it('uploads as multipart under an Idempotency-Key, polls with progress until completed, returns the warnings', async () => {
    const polls = [
      view('in_progress', ['running', 'pending', 'pending']),
      view('in_progress', ['succeeded', 'skipped', 'running']),
      view('completed', ['succeeded', 'skipped', 'succeeded'], {
        errors: [],
        warnings: [{ code: 'UNKNOWN_UNIT', message: 'row 3: unit unknown' }],
        infos: [],
      }),
    ];
    // a gateway without the event stream: the import is polled
    const fetch = fakeFetch((request) => {
      if (request.path === '/events') return gatewayError(404, 'Cannot GET /events');
      return request.method === 'POST'
        ? json(202, { importId: 'i1', status: 'idle' })
        : json(200, polls.shift());
    });
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: recordingSleep() });
    const events: ClientEvent[] = [];
    client.addEventListener((event) => events.push(event));

    const result = await client.importSchedule({ file, fileName: 'roster.csv', hospitalId: 'h1' });

    expect(result).toMatchObject({
      success: true,
      data: { importId: 'i1', status: 'completed', warnings: [{ message: 'row 3: unit unknown' }] },
    });
    const form = commandsOf(fetch)[0]!.body as FormData;
    expect(form.get('hospitalId')).toBe('h1');
    expect((form.get('file') as File).name).toBe('roster.csv');
    expect(commandsOf(fetch)[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(progressOf(events)).toEqual([
      'upload',
      'in_progress:spreadsheet',
      'in_progress:coverage',
      'completed',
    ]);
    expect(events.flatMap((e) => (e.type === 'operation_progress' ? [e.percentage] : []))).toEqual([
      0, 0, 67, 100,
    ]);
  });

  it('returns a failed import with its errors', async () => {
    const failed = view('failed', ['failed', 'skipped', 'skipped'], {
      errors: [{ code: 'BAD_DATE', message: 'Sheet1 row 2 column date: not a date' }],
      warnings: [],
      infos: [],
    });
    const fetch = fakeFetch((request) =>
      request.method === 'POST' ? json(202, { importId: 'i1', status: 'idle' }) : json(200, failed),
    );
    const client = createMedicaLinkClient({ token: 't', fetch });
    const result = await client.importSchedule({ file, fileName: 'roster.csv', hospitalId: 'h1' });
    expect(result).toMatchObject({
      success: false,
      error: 'import failed: Sheet1 row 2 column date: not a date',
      details: { failedStep: 'import', importId: 'i1' },
    });
  });
});
