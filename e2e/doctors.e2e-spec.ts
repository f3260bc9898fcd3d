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

function doctorBody(overrides: Json = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `dr-${tag}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: `Dr. ${tag}`,
    phone: '+44 20 7946 0000',
    specialty: 'Dermatology',
    licenseNumber: `GMC-${tag}`,
    bio: 'Sees skin.',
    ...overrides,
  };
}

type Created = { sagaId: string; accountId: string; doctorId: string };
type Composite = {
  data: Json & { id: string; fullName: string; phone: string | null; bio: string | null };
  cache: { hit: boolean; ttl: number };
};

describe('doctors through the gateway', () => {
  it('creates a doctor by saga (201), journals it, and reads it back composed and cached', async () => {
    const body = doctorBody();
    const created = await http.call<Created>('POST', '/doctors', { token: admin, body });
    expect(created.status).toBe(201);
    const saga = await http.call<Json & { state: string; steps: Json[] }>(
      'GET',
      `/sagas/${created.body.sagaId}`,
      { token: admin },
    );
    expect(saga.status).toBe(200);
    expect(saga.body.state).toBe('completed');
    expect(saga.body.steps.map((step) => step['name'])).toEqual([
      'createAccount',
      'createProfile',
      'assignPermissions',
    ]);
    expect(JSON.stringify(saga.body)).not.toContain(body.password);

    const doctorToken = await http.token(body.email, body.password);
    const first = await http.call<Composite>('GET', `/doctors/${created.body.doctorId}`, {
      token: doctorToken,
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      id: created.body.doctorId,
      accountId: created.body.accountId,
      fullName: body.fullName,
      email: body.email,
      phone: body.phone,
      specialty: 'Dermatology',
      licenseNumber: body.licenseNumber.toUpperCase(),
      bio: 'Sees skin.',
      isActive: true,
    });
    expect(first.body.cache).toEqual({ hit: false, ttl: 300 });
    const second = await http.call<Composite>('GET', `/doctors/${created.body.doctorId}`, {
      token: doctorToken,
    });
    expect(second.body.cache.hit).toBe(true);
  });

  it('refuses creation to an owner (403), a bad body (400 naming fields) and a taken license (409 with the saga)', async () => {
    const ownerBody = doctorBody();
    await http.call('POST', '/doctors', { token: admin, body: ownerBody });
    const ownerToken = await http.token(ownerBody.email, ownerBody.password);
    expect(
      (await http.call('POST', '/doctors', { token: ownerToken, body: doctorBody() })).status,
    ).toBe(403);

    const invalid = await http.call<{ errors: string[] }>('POST', '/doctors', {
      token: admin,
      body: { ...doctorBody(), email: 'not-an-email', licenseNumber: 'x' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.join(' ')).toMatch(/email/);
    expect(invalid.body.errors.join(' ')).toMatch(/licenseNumber/);

    const taken = await http.call<{ message: string; details: { saga: Json } }>(
      'POST',
      '/doctors',
      {
        token: admin,
        body: doctorBody({ licenseNumber: ownerBody.licenseNumber }),
      },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/license number/);
    expect(taken.body.details.saga).toMatchObject({ step: 'createProfile', state: 'compensated' });
  });

  it('gives exactly one 201 for eight concurrent creations with one email', async () => {
    const email = doctorBody().email;
    const replies = await Promise.all(
      Array.from({ length: 8 }, () =>
        http.call('POST', '/doctors', { token: admin, body: doctorBody({ email }) }),
      ),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('searches doctors with pagination and cache metadata', async () => {
    const specialty = `Spec${randomUUID().slice(0, 6)}`;
    for (let n = 0; n < 3; n += 1) {
      expect(
        (await http.call('POST', '/doctors', { token: admin, body: doctorBody({ specialty }) }))
          .status,
      ).toBe(201);
    }
    const page = await http.call<{ data: Json[]; meta: Json; cache: Json }>(
      'GET',
      `/doctors?specialty=${specialty}&limit=2`,
      {
        token: admin,
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta).toEqual({
      page: 1,
      limit: 2,
      total: 3,
      totalPages: 2,
      hasNext: true,
      hasPrev: false,
    });
    expect(page.body.cache).toMatchObject({ hit: false });
    const bad = await http.call<{ errors: string[] }>('GET', '/doctors?limit=500', {
      token: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.join(' ')).toMatch(/limit/);
    expect((await http.call('GET', '/doctors')).status).toBe(401);
  });

  it('reflects PATCH /doctors/:id and PATCH /accounts/:id on the next read (uncached), single and list', async () => {
    const body = doctorBody({ specialty: `Ryw${randomUUID().slice(0, 6)}` });
    const created = (await http.call<Created>('POST', '/doctors', { token: admin, body })).body;
    const path = `/doctors/${created.doctorId}`;
    const list = `/doctors?specialty=${body.specialty}`;
    await http.call('GET', path, { token: admin });
    await http.call('GET', path, { token: admin });
    await http.call('GET', list, { token: admin });

    const patched = await http.call<{ data: Json }>('PATCH', path, {
      token: admin,
      body: { bio: 'Updated bio' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data['bio']).toBe('Updated bio');
    const afterDoctorPatch = await http.call<Composite>('GET', path, { token: admin });
    expect(afterDoctorPatch.body.cache.hit).toBe(false);
    expect(afterDoctorPatch.body.data.bio).toBe('Updated bio');

    await http.call('GET', path, { token: admin });
    await http.call('GET', list, { token: admin });
    const newName = `Dr. Renamed ${randomUUID().slice(0, 8)}`;
    const byNewName = `/doctors?search=${encodeURIComponent(newName)}`;
    const byOldName = `/doctors?search=${encodeURIComponent(body.fullName)}`;
    expect(
      (await http.call<{ meta: Json }>('GET', byNewName, { token: admin })).body.meta['total'],
    ).toBe(0);
    await http.call('GET', byOldName, { token: admin });
    const accountPatch = await http.call('PATCH', `/accounts/${created.accountId}`, {
      token: admin,
      body: { fullName: newName },
    });
    expect(accountPatch.status).toBe(200);
    const afterAccountPatch = await http.call<Composite>('GET', path, { token: admin });
    expect(afterAccountPatch.body.cache.hit).toBe(false);
    expect(afterAccountPatch.body.data.fullName).toBe(newName);
    const listAfter = await http.call<{ data: Composite['data'][]; cache: Json }>('GET', list, {
      token: admin,
    });
    expect(listAfter.body.cache['hit']).toBe(false);
    expect(listAfter.body.data[0]?.fullName).toBe(newName);
    // A name search matches the directory's copy of the name: renamed before the reply too.
    const found = await http.call<{ data: Composite['data'][] }>('GET', byNewName, {
      token: admin,
    });
    expect(found.body.data.map((doctor) => doctor.id)).toEqual([created.doctorId]);
    const gone = await http.call<{ data: Composite['data'][] }>('GET', byOldName, { token: admin });
    expect(gone.body.data.map((doctor) => doctor.id)).not.toContain(created.doctorId);
  });

  it('answers unknown and malformed doctor and saga ids with 404 and 400', async () => {
    expect((await http.call('GET', `/doctors/${randomUUID()}`, { token: admin })).status).toBe(404);
    expect((await http.call('GET', '/doctors/not-a-uuid', { token: admin })).status).toBe(400);
    expect((await http.call('GET', `/sagas/${randomUUID()}`, { token: admin })).status).toBe(404);
  });

  it('shows an inactive doctor to admin and main only (marked isActive false); others get 404', async () => {
    const [inactive, active, reader] = [doctorBody(), doctorBody(), doctorBody()];
    const created: Created[] = [];
    for (const body of [inactive, active, reader]) {
      created.push((await http.call<Created>('POST', '/doctors', { token: admin, body })).body);
    }
    const [gone, present] = created as [Created, Created, Created];
    const owner = await http.token(reader.email, reader.password);
    const path = `/doctors/${gone.doctorId}`;
    // read (and cached) while active, then deactivated
    expect((await http.call('GET', path, { token: owner })).status).toBe(200);
    const patched = await http.call('PATCH', path, { token: admin, body: { isActive: false } });
    expect(patched.status).toBe(200);

    const ownerRead = await http.call<Json>('GET', path, { token: owner });
    const unknown = await http.call<Json>('GET', `/doctors/${randomUUID()}`, { token: owner });
    expect(ownerRead.status).toBe(404);
    expect(Object.keys(ownerRead.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(ownerRead.body['message']).toBe(`Doctor ${gone.doctorId} not found`);
    const staffRead = await http.call<Composite>('GET', path, { token: admin });
    expect(staffRead.status).toBe(200);
    expect(staffRead.body.data['isActive']).toBe(false);

    const ids = `/doctors?ids=${gone.doctorId},${present.doctorId}`;
    const ownerList = await http.call<{ data: Composite['data'][]; meta: Json }>('GET', ids, {
      token: owner,
    });
    expect(ownerList.body.data.map((doctor) => doctor.id)).toEqual([present.doctorId]);
    expect(ownerList.body.meta['total']).toBe(1);
    const staffList = await http.call<{ data: Composite['data'][] }>('GET', ids, { token: admin });
    expect(staffList.body.data.map((doctor) => [doctor.id, doctor['isActive']])).toEqual([
      [gone.doctorId, false],
      [present.doctorId, true],
    ]);
  });
});
