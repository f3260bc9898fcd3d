import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, type Json } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let admin: string;

beforeAll(async () => {
  system = await sharedSystem();
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  await releaseSystem(system);
});

/** An owner account created by the admin with a business id, and its token. */
async function therapist() {
  const businessId = `OT-${randomUUID().slice(0, 8)}`;
  const password = `Pw-${randomUUID()}`;
  const email = `ot-${randomUUID().slice(0, 8)}@medicalink.local`;
  const created = await http.call<Json & { id: string }>('POST', '/accounts', {
    token: admin,
    body: { email, password, fullName: 'Occupational Therapist', businessId },
  });
  expect(created.status).toBe(201);
  expect(created.body['businessId']).toBe(businessId);
  return { id: created.body.id, businessId, token: await http.token(email, password) };
}

const registration = (userBusinessId: string) => ({
  userBusinessId,
  educationData: {
    graduationYear: 2019,
    university: 'ca-universite-de-montreal',
    country: 'CA',
    degreeType: 'masters',
    college: 'Collège de Maisonneuve',
  },
});

describe('education registrations through the gateway', () => {
  it('goes step by step from staging to a completed workflow, with its record and audit trail', async () => {
    const ot = await therapist();
    const staged = await http.call<Json & { sessionId: string }>(
      'POST',
      '/education/registrations',
      {
        token: ot.token,
        body: registration(ot.businessId),
      },
    );
    expect(staged.status).toBe(201);
    expect(staged.body).toMatchObject({ status: 'staged', success: true });
    const path = `/education/registrations/${staged.body.sessionId}`;

    const early = await http.call('POST', `${path}/create`, { token: ot.token });
    expect(early.status).toBe(409);
    expect(early.body['message']).toContain('"staged"');
    expect(early.body['message']).toContain('account_linked');

    const validated = await http.call('POST', `${path}/validate`, { token: ot.token });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({
      status: 'validated',
      isValid: true,
      validationScore: 100,
    });
    const category = await http.call('POST', `${path}/category`, { token: ot.token });
    expect(category.body).toMatchObject({ status: 'category_determined', category: 'graduated' });
    const linked = await http.call('POST', `${path}/link-account`, {
      token: ot.token,
      body: { accountId: ot.id },
    });
    expect(linked.body).toMatchObject({ status: 'account_linked', linkedAccountId: ot.id });
    const created = await http.call<Json & { createdEducationId: string }>(
      'POST',
      `${path}/create`,
      { token: ot.token },
    );
    expect(created.status).toBe(200);
    const completed = await http.call('POST', `${path}/complete`, { token: ot.token });
    expect(completed.body).toMatchObject({ status: 'workflow_completed' });

    const view = await http.call<Json & { progress: Json }>('GET', path, { token: ot.token });
    expect(view.body['status']).toBe('workflow_completed');
    expect(Object.values(view.body.progress).every(Boolean)).toBe(true);

    const record = await http.call('GET', `/education/records/${created.body.createdEducationId}`, {
      token: ot.token,
    });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ userBusinessId: ot.businessId, accountId: ot.id });
    const list = await http.call<{ data: Json[]; meta: Json }>(
      'GET',
      `/education/records?userBusinessId=${ot.businessId}`,
      { token: admin },
    );
    expect(list.body.meta['total']).toBe(1);

    const audit = await http.call<{ data: Json[] }>('GET', `${path}/audit`, { token: ot.token });
    expect(audit.status).toBe(200);
    expect(audit.body.data.map((entry) => [entry['to'], entry['outcome']])).toEqual([
      ['pending', 'succeeded'],
      ['staged', 'succeeded'],
      ['education_created', 'refused'],
      ['validated', 'succeeded'],
      ['category_determined', 'succeeded'],
      ['account_linked', 'succeeded'],
      ['education_created', 'succeeded'],
      ['workflow_completed', 'succeeded'],
    ]);
    expect(audit.body.data.every((entry) => entry['by'] === ot.id)).toBe(true);
  });

  it('runs the whole workflow in one call, and stops at a failing step with its result', async () => {
    const ot = await therapist();
    const run = await http.call<Json & { session: Json }>('POST', '/education/registrations/run', {
      token: ot.token,
      body: { ...registration(ot.businessId), accountId: ot.id },
    });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ completed: true, failedStep: null });
    expect(run.body.session['status']).toBe('workflow_completed');

    const again = await http.call<Json & { stepResult: Json }>(
      'POST',
      '/education/registrations/run',
      {
        token: ot.token,
        body: { ...registration(ot.businessId), accountId: ot.id },
      },
    );
    expect(again.body).toMatchObject({ completed: false, failedStep: 'validate' });
    expect(again.body.stepResult['criticalFailures']).toEqual([
      expect.objectContaining({ code: 'USER_BUSINESS_ID_TAKEN', field: 'userBusinessId' }),
    ]);
  });

  it('keeps owners to their own registrations and records; admins reach all', async () => {
    const [ot, other] = await Promise.all([therapist(), therapist()]);
    const run = await http.call<
      Json & { session: Json & { sessionId: string; createdEducationId: string } }
    >('POST', '/education/registrations/run', {
      token: ot.token,
      body: { ...registration(ot.businessId), accountId: ot.id },
    });
    const { sessionId, createdEducationId } = run.body.session;
    for (const path of [
      `/education/registrations/${sessionId}`,
      `/education/registrations/${sessionId}/audit`,
      `/education/records/${createdEducationId}`,
    ]) {
      expect((await http.call('GET', path, { token: other.token })).status, path).toBe(404);
      expect((await http.call('GET', path, { token: admin })).status, path).toBe(200);
    }
    const theirs = await http.call<{ meta: Json }>(
      'GET',
      `/education/records?userBusinessId=${ot.businessId}`,
      { token: other.token },
    );
    expect(theirs.body.meta['total']).toBe(0);

    // The registrations list: an owner sees the ones it started, even asking for another's id.
    type Listed = { data: (Json & { sessionId: string })[]; meta: Json };
    const mine = await http.call<Listed>('GET', '/education/registrations', { token: ot.token });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([
      expect.objectContaining({
        sessionId,
        userBusinessId: ot.businessId,
        ownerId: ot.id,
        status: 'workflow_completed',
        lastAction: 'complete',
        lastOutcome: 'succeeded',
        expiresAt: expect.any(String),
      }),
    ]);
    // A refused step is listed as the last action, and leaves the status as it was.
    const late = await http.call('POST', `/education/registrations/${sessionId}/validate`, {
      token: ot.token,
    });
    expect(late.status).toBe(409);
    const after = await http.call<Listed>('GET', '/education/registrations', { token: ot.token });
    expect(after.body.data[0]).toMatchObject({
      sessionId,
      status: 'workflow_completed',
      lastAction: 'validate',
      lastOutcome: 'refused',
    });
    const asked = await http.call<Listed>(
      'GET',
      `/education/registrations?userBusinessId=${ot.businessId}`,
      { token: other.token },
    );
    expect(asked.body.meta['total']).toBe(0);
    const staff = await http.call<Listed>(
      'GET',
      `/education/registrations?userBusinessId=${ot.businessId}&status=workflow_completed&limit=5`,
      { token: admin },
    );
    expect(staff.body.data.map((item) => item.sessionId)).toEqual([sessionId]);
    expect(staff.body.meta).toMatchObject({ page: 1, limit: 5, total: 1 });
    const none = await http.call<Listed>(
      'GET',
      `/education/registrations?userBusinessId=${ot.businessId}&status=staged`,
      { token: admin },
    );
    expect(none.body.meta['total']).toBe(0);
    const badFilter = await http.call<{ errors: string[] }>(
      'GET',
      '/education/registrations?status=finished',
      { token: admin },
    );
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors.join(' ')).toMatch(/status/);

    const skip = await http.call('POST', '/education/registrations', {
      token: other.token,
      body: { ...registration(other.businessId), options: { skipValidation: true } },
    });
    expect(skip.status).toBe(403);
  });

  it('answers bad input with 400 naming the field, and serves the reference data', async () => {
    const bad = await http.call<Json & { errors: string[] }>('POST', '/education/registrations', {
      token: admin,
      body: {
        ...registration('OT-1'),
        educationData: { ...registration('OT-1').educationData, degreeType: 'phd' },
        options: { expirationHours: 100 },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.join(' ')).toContain('educationData.degreeType');
    expect(bad.body.errors.join(' ')).toContain('options.expirationHours');

    const countries = await http.call<{ data: Json[]; meta: Json }>(
      'GET',
      '/education/reference/countries?limit=100&page=3',
      { token: admin },
    );
    expect(countries.body.data).toHaveLength(49);
    expect(countries.body.meta).toMatchObject({ total: 249, page: 3, hasNext: false });
    const universities = await http.call<{ data: Json[] }>(
      'GET',
      '/education/reference/universities?country=ca&limit=100',
      { token: admin },
    );
    expect(universities.body.data.map((u) => u['id'])).toContain('ca-universite-laval');
    const colleges = await http.call<{ data: Json[] }>(
      'GET',
      `/education/reference/colleges?country=GB&search=${encodeURIComponent('balliol colege')}`,
      { token: admin },
    );
    expect(colleges.body.data[0]).toMatchObject({ name: 'Balliol College', country: 'GB' });
    // every list takes page and limit and answers the paginated shape
    for (const path of [
      '/education/reference/colleges?country=CA&limit=100',
      '/education/reference/colleges?country=CA&search=college&page=2&limit=5',
      '/education/reference/universities?country=CA&limit=100',
    ]) {
      const page = await http.call<{ data: Json[]; meta: Json }>('GET', path, { token: admin });
      expect(page.status, path).toBe(200);
      expect(page.body.meta, path).toMatchObject({ total: expect.any(Number) });
    }
    const unauthenticated = await http.call('GET', '/education/reference/countries');
    expect(unauthenticated.status).toBe(401);
  });

  it('keeps an owner to its own business id, and staff to the accounts they may change', async () => {
    const [victim, attacker] = await Promise.all([therapist(), therapist()]);
    const hijack = await http.call('POST', '/education/registrations', {
      token: attacker.token,
      body: { ...registration(victim.businessId), options: { expirationHours: 72 } },
    });
    expect(hijack.status).toBe(403);
    expect(hijack.body['message']).toBe("Owners may register only their own account's business id");
    const own = await http.call<Json & { completed: boolean }>(
      'POST',
      '/education/registrations/run',
      {
        token: victim.token,
        body: {
          ...registration(victim.businessId),
          accountId: victim.id,
          options: { priority: 'high' },
        },
      },
    );
    expect(own.body).toMatchObject({ completed: true, session: { options: { priority: 'high' } } });

    // an admin may not give a main account a business id through link-account, as with PATCH
    const adminPassword = `Pw-${randomUUID()}`;
    const adminEmail = `adm-${randomUUID().slice(0, 8)}@medicalink.local`;
    await http.call('POST', '/accounts', {
      token: admin,
      body: {
        email: adminEmail,
        password: adminPassword,
        fullName: 'An Admin',
        privilege: 'admin',
      },
    });
    const adminToken = await http.token(adminEmail, adminPassword);
    const me = await http.call<Json & { id: string }>('GET', '/auth/me', { token: admin });
    const businessId = `OT-${randomUUID().slice(0, 8)}`;
    const staged = await http.call<Json & { sessionId: string }>(
      'POST',
      '/education/registrations',
      {
        token: adminToken,
        body: { ...registration(businessId), options: { skipValidation: true } },
      },
    );
    const path = `/education/registrations/${staged.body.sessionId}`;
    await http.call('POST', `${path}/category`, { token: adminToken });
    const link = await http.call('POST', `${path}/link-account`, {
      token: adminToken,
      body: { accountId: me.body.id },
    });
    expect(link.status).toBe(403);
    const patch = await http.call('PATCH', `/accounts/${me.body.id}`, {
      token: adminToken,
      body: { businessId },
    });
    expect(patch.status).toBe(403);
    const view = await http.call<Json & { lastError: Json }>('GET', path, { token: adminToken });
    expect(view.body).toMatchObject({
      status: 'creation_failed',
      lastError: { step: 'link-account', code: 'ACCOUNT_CHANGE_FORBIDDEN' },
    });
    const mainAccount = await http.call('GET', `/accounts/${me.body.id}`, { token: admin });
    expect(mainAccount.body['businessId']).toBeNull();
  });
});
