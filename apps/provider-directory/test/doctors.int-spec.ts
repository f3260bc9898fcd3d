import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  doctorProfileCreated,
  doctorProfileDeleted,
  doctorProfileUpdated,
  doctorRpc,
  hospitalRpc,
  staffAccountUpdated,
  TransportErrorCode,
} from '@medicalink/contracts';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  probeEvents,
  type EventProbe,
  type TestClient,
  rpcFailure,
} from '@medicalink/testing';
import type { DirectoryDatabase } from '../src/database/directory.schema';
import { startDirectory } from '../src/start';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'dir');
let service: RunningService;
let client: TestClient;
let db: Kysely<DirectoryDatabase>;
let events: EventProbe;

beforeAll(async () => {
  events = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
    doctorProfileCreated.name,
    doctorProfileUpdated.name,
    doctorProfileDeleted.name,
  ]);
  service = await startDirectory(namespace.env({ DIRECTORY_HTTP_PORT: '0' }));
  client = await createTestClient(namespace);
  db = createDatabase<DirectoryDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('directory')),
  );
});

afterAll(async () => {
  await events?.close();
  await client?.close();
  await db?.destroy();
  await service?.close();
  await namespace.cleanup();
});

let licenseCounter = 0;
const newDoctor = (overrides: Record<string, unknown> = {}) => ({
  accountId: randomUUID(),
  displayName: 'Dr. Gregory House',
  specialty: 'Diagnostics',
  licenseNumber: `LIC-${Date.now().toString(36)}-${(licenseCounter += 1)}`,
  ...overrides,
});

describe('provider-directory doctors', () => {
  it('creates a profile (license upper-cased), reads it one and many, and announces it', async () => {
    const hospital = await client.rpc.call(hospitalRpc.create, {
      name: `Princeton ${randomUUID().slice(0, 6)}`,
      city: 'Princeton',
    });
    const { hospitals } = await client.rpc.call(hospitalRpc.list, {});
    expect(hospitals).toContainEqual(hospital);
    const duplicate = await rpcFailure(
      client.rpc.call(hospitalRpc.create, { name: hospital.name }),
    );
    expect(duplicate.envelope).toMatchObject({ code: 'HOSPITAL_NAME_TAKEN', status: 409 });
    const doctor = await client.rpc.call(
      doctorRpc.create,
      newDoctor({ licenseNumber: 'nj-12345', hospitalIds: [hospital.id] }),
    );
    expect(doctor).toMatchObject({
      licenseNumber: 'NJ-12345',
      hospitalIds: [hospital.id],
      isActive: true,
      bio: null,
    });
    expect(await client.rpc.call(doctorRpc.get, { id: doctor.id })).toEqual(doctor);
    expect(await client.rpc.call(doctorRpc.getMany, { ids: [doctor.id, randomUUID()] })).toEqual({
      doctors: [doctor],
    });
    const event = await events.waitFor(
      doctorProfileCreated.name,
      (body) => body['doctorId'] === doctor.id,
    );
    expect(event.body).toMatchObject({ accountId: doctor.accountId, licenseNumber: 'NJ-12345' });
  });

  it('refuses a taken license number (any case) or account with 409, and an unknown hospital with 400', async () => {
    const first = await client.rpc.call(doctorRpc.create, newDoctor());
    const license = await rpcFailure(
      client.rpc.call(
        doctorRpc.create,
        newDoctor({ licenseNumber: first.licenseNumber.toLowerCase() }),
      ),
    );
    expect(license.envelope).toMatchObject({
      code: 'DOCTOR_LICENSE_TAKEN',
      status: 409,
      details: { field: 'licenseNumber' },
    });
    const account = await rpcFailure(
      client.rpc.call(doctorRpc.create, newDoctor({ accountId: first.accountId })),
    );
    expect(account.envelope).toMatchObject({ code: 'DOCTOR_ACCOUNT_TAKEN', status: 409 });
    const hospital = await rpcFailure(
      client.rpc.call(doctorRpc.create, newDoctor({ hospitalIds: [randomUUID()] })),
    );
    expect(hospital.envelope).toMatchObject({ code: 'UNKNOWN_HOSPITAL', status: 400 });
  });

  it('creates once for a command retried with the same idempotency key', async () => {
    const request = newDoctor();
    const key = `saga-${randomUUID()}:createProfile`;
    const replies = await Promise.all(
      [1, 2, 3].map(() => client.rpc.call(doctorRpc.create, request, { idempotencyKey: key })),
    );
    expect(new Set(replies.map((reply) => reply.id)).size).toBe(1);
    const rows = await db
      .selectFrom('doctors')
      .select('id')
      .where('account_id', '=', request.accountId)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('searches by name, specialty or license, case-insensitively, paginated and injection-safe', async () => {
    const tag = randomUUID().slice(0, 8);
    const created = [];
    for (let n = 0; n < 5; n += 1) {
      created.push(
        await client.rpc.call(
          doctorRpc.create,
          newDoctor({
            displayName: `Dr. ${tag} Number${n}`,
            specialty: n < 3 ? 'Cardiology' : 'Neurology',
          }),
        ),
      );
    }
    const page1 = await client.rpc.call(doctorRpc.search, {
      search: tag.toUpperCase(),
      limit: 2,
      page: 1,
    });
    expect(page1.meta).toEqual({
      page: 1,
      limit: 2,
      total: 5,
      totalPages: 3,
      hasNext: true,
      hasPrev: false,
    });
    const page3 = await client.rpc.call(doctorRpc.search, { search: tag, limit: 2, page: 3 });
    expect(page3.data).toHaveLength(1);
    expect(page3.meta).toMatchObject({ hasNext: false, hasPrev: true });

    const cardiology = await client.rpc.call(doctorRpc.search, {
      search: tag,
      specialty: 'cardiology',
    });
    expect(cardiology.data.map((doctor) => doctor.id).sort()).toEqual(
      created
        .slice(0, 3)
        .map((doctor) => doctor.id)
        .sort(),
    );
    const byLicense = await client.rpc.call(doctorRpc.search, {
      search: created[4]!.licenseNumber.toLowerCase(),
    });
    expect(byLicense.data.map((doctor) => doctor.id)).toEqual([created[4]!.id]);

    for (const hostile of ["%' OR 1=1 --", '%', '_', "'; drop table doctors; --"]) {
      const result = await client.rpc.call(doctorRpc.search, { search: hostile });
      expect(result.meta.total).toBe(0);
    }
    expect((await client.rpc.call(doctorRpc.search, { search: tag })).meta.total).toBe(5);
  });

  it('updates profile fields with an event naming what changed', async () => {
    const doctor = await client.rpc.call(doctorRpc.create, newDoctor());
    const updated = await client.rpc.call(doctorRpc.update, {
      id: doctor.id,
      fields: { bio: 'Limps.', isActive: false },
    });
    expect(updated).toMatchObject({ bio: 'Limps.', isActive: false });
    const event = await events.waitFor(
      doctorProfileUpdated.name,
      (body) => body['doctorId'] === doctor.id,
    );
    expect((event.body as { changed: string[] }).changed.sort()).toEqual(['bio', 'isActive']);
    const missing = await rpcFailure(
      client.rpc.call(doctorRpc.update, { id: randomUUID(), fields: { bio: 'x' } }),
    );
    expect(missing.envelope).toMatchObject({ code: 'DOCTOR_NOT_FOUND', status: 404 });
  });

  it('deletes idempotently', async () => {
    const doctor = await client.rpc.call(doctorRpc.create, newDoctor());
    expect(await client.rpc.call(doctorRpc.delete, { id: doctor.id })).toEqual({ deleted: true });
    expect(await client.rpc.call(doctorRpc.delete, { id: doctor.id })).toEqual({ deleted: false });
    await events.waitFor(doctorProfileDeleted.name, (body) => body['doctorId'] === doctor.id);
    expect((await rpcFailure(client.rpc.call(doctorRpc.get, { id: doctor.id }))).status).toBe(404);
    const late = await rpcFailure(client.rpc.call(doctorRpc.create, newDoctor({ id: doctor.id })));
    expect(late.envelope).toMatchObject({ code: 'DOCTOR_ID_RETIRED', status: 409 });
  });

  it('rejects malformed input with a 400 naming the field', async () => {
    const badId = await rpcFailure(client.rpc.call(doctorRpc.get, { id: "1' or '1'='1" }));
    expect(badId.envelope).toMatchObject({
      code: TransportErrorCode.ValidationFailed,
      status: 400,
    });
    const badLicense = await rpcFailure(
      client.rpc.call(doctorRpc.create, newDoctor({ licenseNumber: 'a b' })),
    );
    expect(badLicense.message).toContain('licenseNumber');
  });
});

describe('display name kept current from staff.account.updated', () => {
  const accountUpdated = (accountId: string, fullName: string, occurredAt: Date) => ({
    accountId,
    email: 'doc@medicalink.test',
    fullName,
    dob: null,
    phone: null,
    membershipExpiresAt: null,
    isActive: true,
    changed: ['fullName'],
    occurredAt: occurredAt.toISOString(),
  });
  const nameOf = async (id: string) => (await client.rpc.call(doctorRpc.get, { id })).displayName;

  it('takes over the new name, so a name search finds the doctor in one query', async () => {
    const doctor = await client.rpc.call(
      doctorRpc.create,
      newDoctor({ displayName: 'Dr. Old Name' }),
    );
    const newName = `Dr. Renamed ${randomUUID().slice(0, 6)}`;
    await client.publisher.publish(
      staffAccountUpdated,
      accountUpdated(doctor.accountId, newName, new Date()),
    );
    await eventually(async () => expect(await nameOf(doctor.id)).toBe(newName));
    expect(
      (await client.rpc.call(doctorRpc.search, { search: newName })).data.map((d) => d.id),
    ).toEqual([doctor.id]);
    await events.waitFor(
      doctorProfileUpdated.name,
      (body) => body['doctorId'] === doctor.id && body['displayName'] === newName,
    );
  });

  it('applies a duplicate delivery once, and never lets an older event undo a newer one', async () => {
    const doctor = await client.rpc.call(
      doctorRpc.create,
      newDoctor({ displayName: 'Dr. Before' }),
    );
    const now = Date.now();
    await client.publisher.publish(
      staffAccountUpdated,
      accountUpdated(doctor.accountId, 'Dr. First', new Date(now)),
      {
        messageId: 'evt-1',
      },
    );
    await eventually(async () => expect(await nameOf(doctor.id)).toBe('Dr. First'));
    // Same message id again (a redelivery), even with other content: ignored.
    await client.publisher.publish(
      staffAccountUpdated,
      accountUpdated(doctor.accountId, 'Dr. Replayed', new Date(now + 2_000)),
      {
        messageId: 'evt-1',
      },
    );
    // A different, older event arriving late: ignored.
    await client.publisher.publish(
      staffAccountUpdated,
      accountUpdated(doctor.accountId, 'Dr. Stale', new Date(now - 60_000)),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await nameOf(doctor.id)).toBe('Dr. First');
    const claims = await db
      .selectFrom('processed_messages')
      .select('message_id')
      .where('message_id', '=', 'evt-1')
      .execute();
    expect(claims).toHaveLength(1);
  });

  it('renames on request too (renameAccount), with the same as-of rule as the event', async () => {
    const doctor = await client.rpc.call(
      doctorRpc.create,
      newDoctor({ displayName: 'Dr. Before Rpc' }),
    );
    const now = Date.now();
    const rename = (displayName: string, at: number) =>
      client.rpc.call(doctorRpc.renameAccount, {
        accountId: doctor.accountId,
        displayName,
        asOf: new Date(at).toISOString(),
      });
    expect(await rename('Dr. After Rpc', now)).toEqual({ renamed: true });
    expect(await nameOf(doctor.id)).toBe('Dr. After Rpc');
    expect(await rename('Dr. After Rpc', now)).toEqual({ renamed: false }); // the event, later
    expect(await rename('Dr. Older', now - 60_000)).toEqual({ renamed: false });
    expect(await rename('Dr. Later', now + 1_000)).toEqual({ renamed: true });
    expect(
      await client.rpc.call(doctorRpc.renameAccount, {
        accountId: randomUUID(),
        displayName: 'Nobody',
        asOf: new Date(now).toISOString(),
      }),
    ).toEqual({ renamed: false });
    await events.waitFor(
      doctorProfileUpdated.name,
      (body) => body['doctorId'] === doctor.id && body['displayName'] === 'Dr. After Rpc',
    );
  });
});
