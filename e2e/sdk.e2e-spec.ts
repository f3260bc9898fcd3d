import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedicaLinkClient, type ClientEvent, type MedicaLinkClient } from '@medicalink/sdk';
import { eventually, generatedShifts, scheduleFile } from '@medicalink/testing';
import {
  E2E_ADMIN,
  E2E_JWT_SECRET,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { handMadeJwt } from './support/tokens';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
const clients: MedicaLinkClient[] = [];
const SESSION_TTL_SEC = 6;

beforeAll(async () => {
  // Product sessions live SESSION_TTL_SEC here, so a test can let one expire before its commit.
  system = await startSystem({
    PRODUCT_SESSION_TTL_SEC: String(SESSION_TTL_SEC),
  });
});

afterAll(async () => {
  for (const client of clients) client.dispose();
  await system?.stop();
});

/** An SDK client on the running gateway, logging in as the bootstrap admin; records each request. */
function adminClient(options: Parameters<typeof createMedicaLinkClient>[0] = {}) {
  const requests: string[] = [];
  const client = createMedicaLinkClient({
    baseUrl: system.gatewayUrl,
    credentials: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    retryDelay: 50,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      requests.push(`${init.method} ${url.slice(system.gatewayUrl.length)} ${response.status}`);
      return response;
    },
    ...options,
  });
  clients.push(client);
  return { client, requests };
}

function productInput() {
  return {
    productCode: `SDK-${randomUUID().slice(0, 8).toUpperCase()}`,
    productName: 'SDK test product',
    productCategory: 1,
    productStatus: 1,
    productGlCode: 16,
    generalPrice: 199.99,
    productYear: '2026',
  };
}

function doctorInput(overrides: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `sdk-${tag}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: `Dr. Sdk ${tag}`,
    specialty: 'Nephrology',
    licenseNumber: `SDK-${tag}`,
    ...overrides,
  };
}

describe('@medicalink/sdk against the running system', () => {
  it('onboardDoctor runs the saga and returns the doctor as the composite read shows it', async () => {
    const { client } = adminClient();
    const events: ClientEvent[] = [];
    client.addEventListener((event) => events.push(event));
    const input = doctorInput();

    const result = await client.onboardDoctor(input);

    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.doctor).toMatchObject({
      id: result.data.doctorId,
      accountId: result.data.accountId,
      email: input.email,
      fullName: input.fullName,
      licenseNumber: input.licenseNumber.toUpperCase(),
    });
    const saga = await client.getSaga(result.data.sagaId);
    expect(saga).toMatchObject({ success: true, data: { state: 'completed' } });
    expect(events.map((event) => event.type)).toEqual([
      'operation_start',
      'operation_progress',
      'operation_progress',
      'operation_progress',
      'operation_complete',
      'operation_start',
      'operation_complete',
    ]);
  });

  it('onboardDoctor says which step failed and what the saga undid', async () => {
    const { client } = adminClient();
    const first = await client.onboardDoctor(doctorInput());
    expect(first.success).toBe(true);
    const taken = first.success ? first.data.doctor.licenseNumber : '';

    const result = await client.onboardDoctor(doctorInput({ licenseNumber: taken }));

    expect(result).toMatchObject({
      success: false,
      status: 409,
      details: {
        failedStep: 'createDoctor',
        saga: { step: 'createProfile', state: 'compensated' },
      },
    });
    expect(result.serviceErrors?.['saga.createProfile']).toMatch(/compensated/);
  });

  it('a createDoctor retried under the same Idempotency-Key joins the same saga', async () => {
    const { client } = adminClient();
    const input = doctorInput();
    const key = randomUUID();
    const first = await client.createDoctor(input, { idempotencyKey: key });
    const again = await client.createDoctor(input, { idempotencyKey: key });
    expect(first.success && again.success).toBe(true);
    expect(again.data).toEqual(first.data);
  });

  it('batches concurrent getDoctor calls into GET /doctors?ids= and answers 404 for an unknown id', async () => {
    const { client: creator } = adminClient();
    const created = await Promise.all([1, 2, 3].map(() => creator.createDoctor(doctorInput())));
    const ids = created.map((result) => (result.success ? result.data.doctorId : ''));
    const { client, requests } = adminClient({ batchSize: 10 });
    const unknown = randomUUID();

    const results = await Promise.all([...ids, unknown, ids[0]!].map((id) => client.getDoctor(id)));

    expect(results.map((result) => result.data?.id)).toEqual([...ids, undefined, ids[0]]);
    expect(results[3]).toMatchObject({ success: false, status: 404 });
    const reads = requests.filter((request) => request.startsWith('GET /doctors'));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/^GET \/doctors\?ids=/);
    // the same set of ids read again is served from the cache
    const again = await Promise.all([...ids, unknown].map((id) => client.getDoctor(id)));
    expect(again[0]!.details).toMatchObject({ cache: { hit: true } });
    // an update drops the cached batch: the next read of the same ids shows it
    expect((await client.updateDoctor(ids[1]!, { bio: 'Batched bio' })).success).toBe(true);
    const updated = await Promise.all([...ids, unknown].map((id) => client.getDoctor(id)));
    expect(updated[1]).toMatchObject({
      data: { bio: 'Batched bio' },
      details: { cache: { hit: false } },
    });
  });

  it('batched reads show personal fields only to staff and to the doctor itself, as single reads do', async () => {
    const { client: admin } = adminClient();
    const [one, two] = [doctorInput(), doctorInput()];
    const created = await Promise.all([admin.onboardDoctor(one), admin.onboardDoctor(two)]);
    const [idOne, idTwo] = created.map((result) => result.data!.doctorId);
    const asDoctorOne = createMedicaLinkClient({
      baseUrl: system.gatewayUrl,
      credentials: { email: one.email, password: one.password },
    });
    clients.push(asDoctorOne);

    const [own, other] = await Promise.all([
      asDoctorOne.getDoctor(idOne!),
      asDoctorOne.getDoctor(idTwo!),
    ]);

    expect(own.data).toMatchObject({ id: idOne, email: one.email });
    expect(other.data).toMatchObject({ id: idTwo, email: null, phone: null, dob: null });
  });

  it('GET /doctors?ids= refuses more than 100 ids and ids that are not UUIDs, naming the field', async () => {
    const { client } = adminClient();
    const tooMany = await client.getDoctors(Array.from({ length: 101 }, () => randomUUID()));
    expect(tooMany).toMatchObject({ success: false, status: 400 });
    expect(tooMany.error).toMatch(/ids: at most 100 ids/);
    const notIds = await client.getDoctors(['nope']);
    expect(notIds).toMatchObject({ success: false, status: 400 });
    expect(notIds.error).toMatch(/ids/);

    // a malformed id in a batch of getDoctor calls fails only its own caller
    const created = await client.createDoctor(doctorInput());
    const [good, bad] = await Promise.all([
      client.getDoctor(created.data!.doctorId),
      client.getDoctor('not-a-uuid'),
    ]);
    expect(good).toMatchObject({ success: true, data: { id: created.data!.doctorId } });
    expect(bad).toMatchObject({ success: false, status: 400 });
  });

  it('createProductWithTarget runs the session workflow end to end, with a progress event per step', async () => {
    const { client, requests } = adminClient();
    const steps: string[] = [];
    client.addEventListener((event) => {
      if (event.type === 'operation_progress') steps.push(event.step);
    });
    const product = productInput();

    const result = await client.createProductWithTarget(product, {
      osot_location_province: [3, 1],
      osot_practice_area: [],
    });

    expect(result).toMatchObject({
      success: true,
      data: { sessions: 1, commit: { success: true, productCode: product.productCode } },
    });
    expect(steps).toEqual(['createSession', 'addProduct', 'addTarget', 'commit', 'done']);
    expect(requests.filter((r) => r.includes('/orchestrate/session/'))).toHaveLength(4);
    const stored = await client.getProduct(result.data!.commit.productGuid);
    expect(stored).toMatchObject({
      success: true,
      data: {
        productCode: product.productCode,
        generalPrice: 199.99,
        target: { osot_location_province: [1, 3], osot_practice_area: null },
      },
    });
  });

  it('createProductWithTarget stops at the step that failed, with the gateway errors', async () => {
    const { client } = adminClient();
    const product = productInput();
    expect((await client.createProduct(product)).success).toBe(true);

    // Staging knows a taken code from the product.created event; until it arrives the commit
    // refuses the code instead. Either way nothing is created: ask until staging says so.
    let taken = await client.createProductWithTarget(product);
    await expect
      .poll(async () => {
        taken = await client.createProductWithTarget(product);
        return taken.details?.['failedStep'];
      })
      .toBe('addProduct');
    expect(taken).toMatchObject({
      success: false,
      status: 409,
      details: { failedStep: 'addProduct' },
    });

    const invalid = await client.createProductWithTarget({
      ...product,
      productCode: 'x',
      productYear: '26',
    });
    expect(invalid).toMatchObject({
      success: false,
      status: 400,
      details: { failedStep: 'addProduct' },
    });
    expect(invalid.error).toMatch(/productCode/);
    expect(invalid.error).toMatch(/productYear/);
  });

  it('createProductWithTarget starts a new session when the first expired before the commit', async () => {
    let delayed = false;
    const { client, requests } = adminClient({
      timeout: 60_000,
      // The real gateway, reached late: the first commit is held until its session has expired.
      fetch: async (url, init) => {
        if (!delayed && url.endsWith('/commit')) {
          delayed = true;
          await new Promise((resolve) => setTimeout(resolve, (SESSION_TTL_SEC + 2) * 1_000));
        }
        const response = await fetch(url, init);
        requests.push(`${init.method} ${url.slice(system.gatewayUrl.length)} ${response.status}`);
        return response;
      },
    });

    const result = await client.createProductWithTarget(productInput(), {
      osot_employment_status: [2],
    });

    expect(result).toMatchObject({ success: true, data: { sessions: 2 } });
    const commits = requests.filter((request) => request.includes('/commit'));
    expect(commits.map((commit) => commit.split(' ')[2])).toEqual(['404', '200']);
  }, 60_000);

  it('importSchedule uploads, follows the import with progress events and returns its outcome', async () => {
    const { client, requests } = adminClient({ pollInterval: 100, timeout: 120_000 });
    const hospital = await client.createHospital({
      name: `SDK Hospital ${randomUUID().slice(0, 8)}`,
    });
    expect(hospital.success).toBe(true);
    const progress: string[] = [];
    const sources: string[] = [];
    client.addEventListener((event) => {
      if (event.type !== 'operation_progress') return;
      progress.push(`${event.step} ${event.percentage}`);
      sources.push(`${event.step} ${String(event.data?.['source'])}`);
    });
    const csv = scheduleFile(generatedShifts(40), 'csv');

    const result = await client.importSchedule({
      file: new Blob([new Uint8Array(csv)], { type: 'text/csv' }),
      fileName: 'roster.csv',
      hospitalId: hospital.data!.id,
    });

    expect(result).toMatchObject({
      success: true,
      data: {
        status: 'completed',
        warnings: expect.any(Array),
        import: { result: { shiftCount: 40 } },
      },
    });
    expect(progress[0]).toBe('upload 0');
    expect(progress.at(-1)).toBe('completed 100');
    // the phases came through the live event stream, opened before the upload (those the read
    // that ended the import saw before the stream brought them, from that read); the import was
    // read after the upload, when its saga ended, and at most every 20 polls in between
    expect(requests.filter((r) => r.startsWith('GET /events'))).toHaveLength(1);
    const phases = sources.slice(1, -1);
    expect(phases.some((step) => step.endsWith(' stream'))).toBe(true);
    // (the roster phase without a roster source: `succeeded` in its event, `skipped` in a read)
    const ends = phases.filter((step) => /^\w+:(succeeded|failed|skipped) /.test(step));
    expect(ends.map((step) => step.split(':')[0]).sort()).toEqual([
      'coverage',
      'roster',
      'spreadsheet',
    ]);
    const reads = requests.filter((r) => r.startsWith('GET /schedules/imports/')).length;
    expect(reads).toBeLessThanOrEqual(2 + Math.ceil(result.duration / 2_000));
    const version = await client.getScheduleVersion(result.data!.import.result.scheduleVersionId!);
    expect(version.success).toBe(true);
  });

  it('importSchedule returns a failed import with its located errors', async () => {
    const { client } = adminClient({ pollInterval: 100, timeout: 120_000 });
    const hospital = await client.createHospital({
      name: `SDK Hospital ${randomUUID().slice(0, 8)}`,
    });
    const broken = 'date,start,end,unit,shift,required\n2026-13-45,07:00,15:00,ICU,day,2\n';

    const result = await client.importSchedule({
      file: new Blob([broken], { type: 'text/csv' }),
      fileName: 'broken.csv',
      hospitalId: hospital.data!.id,
    });

    expect(result).toMatchObject({ success: false, details: { failedStep: 'import' } });
    expect(result.error).toMatch(/date/i);
  });

  it('registerEducation runs every step for a therapist, and stops at a failing validation with its result', async () => {
    const { client: admin } = adminClient();
    const businessId = `OT-${randomUUID().slice(0, 8)}`;
    const credentials = {
      email: `ot-${randomUUID().slice(0, 8)}@medicalink.local`,
      password: `Pw-${randomUUID()}`,
    };
    const account = await admin.createAccount({
      ...credentials,
      fullName: 'Occupational Therapist',
      businessId,
    });
    expect(account.success).toBe(true);
    const therapist = createMedicaLinkClient({ baseUrl: system.gatewayUrl, credentials });
    clients.push(therapist);
    const steps: string[] = [];
    const sources: unknown[] = [];
    therapist.addEventListener((event) => {
      if (event.type !== 'operation_progress') return;
      steps.push(event.step);
      sources.push(event.data?.['source']);
    });
    const input = {
      userBusinessId: businessId,
      accountId: account.data!.id,
      educationData: {
        graduationYear: 2019,
        university: 'ca-universite-de-montreal',
        country: 'CA',
        degreeType: 'masters' as const,
        college: 'Collège de Maisonneuve',
      },
    };

    const done = await therapist.registerEducation(input);

    expect(done).toMatchObject({
      success: true,
      data: { registration: { status: 'workflow_completed' } },
    });
    expect(steps).toEqual([
      'stage',
      'validate',
      'category',
      'link-account',
      'create',
      'complete',
      'done',
    ]);
    // the owner's stream carried the steps as the server recorded them (the relay may batch
    // the last ones past the short wait, which the replies then report)
    expect(sources.slice(1, 3)).toEqual(['stream', 'stream']);
    const recordId = done.data!.registration['createdEducationId'] as string;
    expect((await therapist.getEducationRecord(recordId)).success).toBe(true);

    // the business id now has a record: a second registration fails its validation
    const again = await therapist.registerEducation(input);
    expect(again).toMatchObject({
      success: false,
      details: {
        failedStep: 'validate',
        stepResult: {
          isValid: false,
          criticalFailures: [expect.objectContaining({ field: 'userBusinessId' })],
        },
      },
    });
  });

  it('logs in again once when the gateway says the token expired, and carries on', async () => {
    const claims = await adminClient().client.me();
    expect(claims.success).toBe(true);
    const now = Math.floor(Date.now() / 1_000);
    const expiredToken = (issuedAt: number | undefined) =>
      handMadeJwt(
        { alg: 'HS256', typ: 'JWT' },
        {
          sub: claims.data!.id,
          email: E2E_ADMIN.email,
          privilege: 'main',
          ...(issuedAt !== undefined && { iat: issuedAt }),
          exp: now - 3_600,
        },
        E2E_JWT_SECRET,
      );
    // Without `iat` the client cannot tell how much of the token's life is left: the 401 says.
    const expired = expiredToken(undefined);
    const { client, requests } = adminClient({ token: expired });

    const me = await client.me();

    expect(me).toMatchObject({ success: true, data: { email: E2E_ADMIN.email } });
    expect(requests).toEqual(['GET /auth/me 401', 'POST /auth/login 200', 'GET /auth/me 200']);
    expect(client.token).not.toBe(expired);

    // With `iat` and `exp` it can: it logs in before sending, and no call fails.
    const known = adminClient({ token: expiredToken(now - 7_200) });
    expect((await known.client.me()).success).toBe(true);
    expect(known.requests).toEqual(['POST /auth/login 200', 'GET /auth/me 200']);
  });

  it('sees a service go down through the health monitor when its app is stopped', async () => {
    const { client } = adminClient();
    const changes: ClientEvent[] = [];
    client.addEventListener((event) => {
      if (event.type === 'service_health_change') changes.push(event);
    });
    const before = await client.performHealthCheck();
    expect(before.services['education']?.status).toBe('up');

    client.startHealthMonitor(250);
    await system.apps.get('education')!.stop('SIGTERM');

    await eventually(
      () => {
        expect(changes).toContainEqual(
          expect.objectContaining({ service: 'education', previous: 'up', current: 'down' }),
        );
      },
      { timeoutMs: 20_000 },
    );
    client.stopHealthMonitor();
    expect(client.getMetrics().serviceAvailability['education']).toBeLessThan(1);
  });
});
