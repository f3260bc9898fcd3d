import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  doctorCompositeRpc,
  doctorProfileDeleted,
  doctorProfileUpdated,
  doctorRpc,
  staffAccountDeleted,
  staffAccountUpdated,
  type Doctor,
} from '@medicalink/contracts';
import { createTestNamespace, eventually, type TestClient } from '@medicalink/testing';
import {
  createDoctor,
  faults,
  handledCount,
  startOrchestratorStack,
  type OrchestratorStack,
} from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'comp');
let stack: OrchestratorStack;
let client: TestClient;

beforeAll(async () => {
  // The directory's own copy of account names follows staff.account.updated 2 s late here, so
  // only a write routed through the orchestrator can make a name search right after it work.
  stack = await startOrchestratorStack(namespace, {
    participantEnv: {
      directory: faults({ pattern: 'staff.account.updated', mode: 'slow', delayMs: 2_000 }),
    },
  });
  client = stack.client;
});

afterAll(async () => {
  await stack?.stop();
});

const read = (id: string) => client.rpc.call(doctorCompositeRpc.getComposite, { id });

function doctorEvent(doctor: Doctor) {
  return {
    doctorId: doctor.id,
    accountId: doctor.accountId,
    displayName: doctor.displayName,
    specialty: doctor.specialty,
    licenseNumber: doctor.licenseNumber,
    isActive: doctor.isActive,
    occurredAt: new Date().toISOString(),
  };
}

function accountEvent(accountId: string) {
  return {
    accountId,
    email: 'x@medicalink.test',
    fullName: 'Changed Elsewhere',
    dob: null,
    phone: null,
    membershipExpiresAt: null,
    isActive: true,
    changed: ['fullName'],
    occurredAt: new Date().toISOString(),
  };
}

describe('composite doctor reads', () => {
  it('merges profile and account; a miss, then a hit whose ttl counts down', async () => {
    const { account, doctor } = await createDoctor(client);
    const first = await read(doctor.id);
    expect(first.cache).toEqual({ hit: false, ttl: 300 });
    expect(first.data).toMatchObject({
      id: doctor.id,
      accountId: account.id,
      fullName: account.fullName,
      email: account.email,
      specialty: 'Cardiology',
      licenseNumber: doctor.licenseNumber,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await read(doctor.id);
    expect(second.cache.hit).toBe(true);
    expect(second.cache.ttl).toBeLessThan(300);
    expect(second.cache.ttl).toBeGreaterThan(290);
    expect(second.data).toEqual(first.data);
  });

  it('answers a missing doctor with 404 and a malformed id with 400', async () => {
    await expect(read(randomUUID())).rejects.toMatchObject({
      envelope: { code: 'DOCTOR_NOT_FOUND', status: 404 },
    });
    await expect(read('nope')).rejects.toMatchObject({ envelope: { status: 400 } });
  });

  it('lets 100 concurrent cold reads of one doctor cause one directory fetch', async () => {
    const { doctor } = await createDoctor(client);
    const before = await handledCount(stack.participants.directory.url, doctorRpc.get.pattern);
    const replies = await Promise.all(Array.from({ length: 100 }, () => read(doctor.id)));
    expect(replies.every((reply) => reply.data.id === doctor.id)).toBe(true);
    expect(
      (await handledCount(stack.participants.directory.url, doctorRpc.get.pattern)) - before,
    ).toBe(1);
  });

  it('treats a query with defaults spelled out as the same cached list', async () => {
    const specialty = `Spec-${randomUUID().slice(0, 6)}`;
    await createDoctor(client, specialty);
    const { first, second } = await eventually(async () => {
      const first = await client.rpc.call(doctorCompositeRpc.searchComposite, { specialty });
      const second = await client.rpc.call(doctorCompositeRpc.searchComposite, {
        specialty,
        page: 1,
        limit: 20,
      });
      expect(second.cache.hit).toBe(true);
      return { first, second };
    });
    expect(second.data).toEqual(first.data);
    expect(second.meta).toMatchObject({ total: 1, page: 1, limit: 20 });
  });
});

describe('event-driven invalidation (events published as another writer would)', () => {
  it.each([
    [
      'doctor.profile.updated',
      (doctor: Doctor) =>
        client.publisher.publish(doctorProfileUpdated, {
          ...doctorEvent(doctor),
          changed: ['bio'],
        }),
    ],
    [
      'doctor.profile.deleted',
      (doctor: Doctor) => client.publisher.publish(doctorProfileDeleted, doctorEvent(doctor)),
    ],
    [
      'staff.account.updated',
      (doctor: Doctor) =>
        client.publisher.publish(staffAccountUpdated, accountEvent(doctor.accountId)),
    ],
    [
      'staff.account.deleted',
      (doctor: Doctor) =>
        client.publisher.publish(staffAccountDeleted, {
          accountId: doctor.accountId,
          occurredAt: new Date().toISOString(),
        }),
    ],
  ])('%s drops the cached doctor and leaves others cached', async (_name, publish) => {
    const { doctor } = await createDoctor(client);
    const { doctor: other } = await createDoctor(client);
    await read(doctor.id);
    await read(other.id);
    expect((await read(doctor.id)).cache.hit).toBe(true);
    await publish(doctor);
    await eventually(async () => expect((await read(doctor.id)).cache.hit).toBe(false));
    expect((await read(other.id)).cache.hit).toBe(true);
  });

  it('drops a cached list that contains a changed doctor', async () => {
    const specialty = `List-${randomUUID().slice(0, 6)}`;
    const { doctor } = await createDoctor(client, specialty);
    await createDoctor(client, specialty);
    // The doctors' own doctor.profile.created events drop lists too: wait until the list stays cached.
    await eventually(async () => {
      await client.rpc.call(doctorCompositeRpc.searchComposite, { specialty });
      expect(
        (await client.rpc.call(doctorCompositeRpc.searchComposite, { specialty })).cache.hit,
      ).toBe(true);
    });
    await client.publisher.publish(staffAccountUpdated, accountEvent(doctor.accountId));
    await eventually(async () =>
      expect(
        (await client.rpc.call(doctorCompositeRpc.searchComposite, { specialty })).cache.hit,
      ).toBe(false),
    );
  });
});

describe('writes routed through the orchestrator (read-your-writes)', () => {
  it('reflects a doctor update on the very next read, uncached', async () => {
    const { doctor } = await createDoctor(client);
    await read(doctor.id);
    const updated = await client.rpc.call(doctorCompositeRpc.updateDoctor, {
      id: doctor.id,
      fields: { bio: 'Now with a bio' },
    });
    expect(updated.data.bio).toBe('Now with a bio');
    const next = await read(doctor.id);
    expect(next.cache.hit).toBe(false);
    expect(next.data.bio).toBe('Now with a bio');
  });

  it('reflects an account update in the doctor read and in lists', async () => {
    const specialty = `Ryw-${randomUUID().slice(0, 6)}`;
    const { doctor, account } = await createDoctor(client, specialty);
    await read(doctor.id);
    await client.rpc.call(doctorCompositeRpc.searchComposite, { specialty });
    await client.rpc.call(doctorCompositeRpc.updateAccount, {
      id: account.id,
      fields: { phone: '+1 555 0199' },
      actor: { id: account.id, privilege: 'owner' },
    });
    const next = await read(doctor.id);
    expect(next.cache.hit).toBe(false);
    expect(next.data.phone).toBe('+1 555 0199');
    const list = await client.rpc.call(doctorCompositeRpc.searchComposite, { specialty });
    expect(list.cache.hit).toBe(false);
    expect(list.data[0]?.phone).toBe('+1 555 0199');
  });

  it('finds a doctor by the new name right after a rename of its account', async () => {
    const { doctor, account } = await createDoctor(client);
    const newName = `Dr. Renamed ${randomUUID().slice(0, 8)}`;
    const byName = (search: string) =>
      client.rpc.call(doctorCompositeRpc.searchComposite, { search });
    expect((await byName(newName)).meta.total).toBe(0); // now cached, empty
    await byName(account.fullName);

    await client.rpc.call(doctorCompositeRpc.updateAccount, {
      id: account.id,
      fields: { fullName: newName },
      actor: { id: account.id, privilege: 'owner' },
    });

    const found = await byName(newName);
    expect(found.cache.hit).toBe(false);
    expect(found.data.map((composite) => composite.id)).toEqual([doctor.id]);
    expect(found.data[0]?.fullName).toBe(newName);
    const byOldName = await byName(account.fullName);
    expect(byOldName.data.map((composite) => composite.id)).not.toContain(doctor.id);
  });
});
