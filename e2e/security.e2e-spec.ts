import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, type Json } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { queryDatabase } from './support/database';

/** Issue 14 through the whole system: each `it` names the item it proves. */
const PER_TOKEN = 60;

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let admin: string;

beforeAll(async () => {
  system = await startSystem({
    RATE_LIMIT_PER_TOKEN: String(PER_TOKEN),
    RATE_LIMIT_PER_ADDRESS: '100000',
  });
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  await system?.stop();
});

function doctorBody(overrides: Json = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `dr-${tag}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: `Dr. ${tag}`,
    dob: '1980-02-03',
    phone: '+44 20 7946 0000',
    specialty: 'Nephrology',
    licenseNumber: `SEC-${tag}`,
    ...overrides,
  };
}

async function ownerToken(): Promise<{ id: string; token: string }> {
  const account = {
    email: `own-${randomUUID().slice(0, 8)}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: 'Plain Owner',
  };
  const created = await http.call('POST', '/accounts', { token: admin, body: account });
  expect(created.status).toBe(201);
  return {
    id: created.body['id'] as string,
    token: await http.token(account.email, account.password),
  };
}

function orchestratorQuery<T>(text: string, values: unknown[]): Promise<T[]> {
  return queryDatabase<T>(system, 'orchestrator', text, values);
}

describe('issue 14', () => {
  it('1: a compensated doctor saga leaves no password in the journal', async () => {
    const first = doctorBody();
    expect((await http.call('POST', '/doctors', { token: admin, body: first })).status).toBe(201);
    const taken = doctorBody({ email: first.email });

    const reply = await http.call<Json & { details: { saga: { sagaId: string } } }>(
      'POST',
      '/doctors',
      { token: admin, body: taken },
    );

    expect(reply.status).toBe(409);
    const sagaId = reply.body.details.saga.sagaId;
    const rows = await orchestratorQuery<{ state: string; input: Json }>(
      'SELECT state, input FROM sagas WHERE id = $1',
      [sagaId],
    );
    expect(rows[0]?.state).toBe('compensated');
    expect(JSON.stringify(rows[0]?.input)).not.toContain(taken.password);
    expect(rows[0]?.input).not.toHaveProperty('password');
  });

  it('5: /health shows codes, never hosts and ports', async () => {
    const reply = await http.call('GET', '/health');

    expect(JSON.stringify(reply.body)).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}\b/);
  });

  it("9: a doctor's email, dob and phone go to admin, main and the doctor only", async () => {
    const body = doctorBody();
    const created = await http.call<{ doctorId: string }>('POST', '/doctors', {
      token: admin,
      body,
    });
    expect(created.status).toBe(201);
    const path = `/doctors/${created.body.doctorId}`;
    const owner = await ownerToken();
    const doctor = await http.token(body.email, body.password);

    const asOwner = await http.call<{ data: Json }>('GET', path, { token: owner.token });
    const asDoctor = await http.call<{ data: Json }>('GET', path, { token: doctor });
    const asAdmin = await http.call<{ data: Json }>('GET', path, { token: admin });
    const list = await http.call<{ data: Json[] }>(
      'GET',
      `/doctors?search=${encodeURIComponent(body.licenseNumber)}`,
      { token: owner.token },
    );

    expect(asOwner.body.data).toMatchObject({ email: null, dob: null, phone: null });
    expect(asOwner.body.data['fullName']).toBe(body.fullName);
    const personal = { email: body.email, dob: body.dob, phone: body.phone };
    expect(asDoctor.body.data).toMatchObject(personal);
    expect(asAdmin.body.data).toMatchObject(personal);
    expect(list.body.data).toEqual([expect.objectContaining({ email: null, phone: null })]);
  });

  it('9: inactive doctors leave the lists; admin and main may ask for them', async () => {
    const body = doctorBody();
    const created = await http.call<{ doctorId: string }>('POST', '/doctors', {
      token: admin,
      body,
    });
    const patched = await http.call('PATCH', `/doctors/${created.body.doctorId}`, {
      token: admin,
      body: { isActive: false },
    });
    expect(patched.status).toBe(200);
    const owner = await ownerToken();
    const search = `/doctors?search=${encodeURIComponent(body.licenseNumber)}`;

    const ownerList = await http.call<{ data: Json[] }>('GET', search, { token: owner.token });
    const adminList = await http.call<{ data: Json[] }>('GET', search, { token: admin });
    const adminInactive = await http.call<{ data: Json[] }>('GET', `${search}&status=inactive`, {
      token: admin,
    });
    const ownerInactive = await http.call('GET', `${search}&status=all`, { token: owner.token });

    expect(ownerList.body.data).toEqual([]);
    expect(adminList.body.data).toEqual([]);
    expect(adminInactive.body.data.map((doctor) => doctor['id'])).toEqual([created.body.doctorId]);
    expect(ownerInactive.status).toBe(403);
  });

  it('10: NUL characters and out-of-range dates get a 400 naming the field', async () => {
    const owner = await ownerToken();

    const search = await http.call('GET', '/doctors?search=%00', { token: admin });
    const dob = await http.call('PATCH', `/accounts/${owner.id}`, {
      token: admin,
      body: { dob: '0000-01-01' },
    });
    const name = await http.call('PATCH', `/accounts/${owner.id}`, {
      token: admin,
      body: { fullName: 'Ann\u0000' },
    });

    expect(search.status).toBe(400);
    expect(search.body['errors']).toEqual(['search: must not contain NUL characters']);
    expect(dob.status).toBe(400);
    expect(dob.body['errors']).toEqual(['dob: must be a date between 1000-01-01 and 9999-12-31']);
    expect(name.status).toBe(400);
    expect(name.body['errors']).toEqual(['fullName: must not contain NUL characters']);
  });

  it('11: a token flooding searches is refused with 429 and Retry-After', async () => {
    const owner = await ownerToken();
    const statuses: number[] = [];
    for (let i = 0; i < PER_TOKEN + 5; i += 1) {
      const reply = await http.call('GET', `/doctors?search=flood-${i}`, {
        token: owner.token,
        headers: { 'x-forwarded-for': '198.18.0.7' },
      });
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(reply.body).toMatchObject({ statusCode: 429 });
      }
    }

    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
  });
});
