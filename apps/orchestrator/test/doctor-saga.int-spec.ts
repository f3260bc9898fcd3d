import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountRpc, doctorRpc, doctorSagaRpc, sagaRpc } from '@medicalink/contracts';
import { type RpcError } from '@medicalink/messaging';
import { createTestNamespace, type TestClient, rpcFailure } from '@medicalink/testing';
import {
  createDoctor,
  doctorCommand,
  startOrchestratorStack,
  type OrchestratorStack,
} from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'saga');
let stack: OrchestratorStack;
let client: TestClient;

beforeAll(async () => {
  stack = await startOrchestratorStack(namespace, { clientTimeoutMs: 20_000 });
  client = stack.client;
});

afterAll(async () => {
  await stack?.stop();
});

describe('doctor-creation saga', () => {
  it('creates account, profile and permissions, with every step journaled', async () => {
    const command = doctorCommand();
    const created = await client.rpc.call(doctorSagaRpc.create, command);

    const account = await client.rpc.call(accountRpc.get, { id: created.accountId });
    expect(account).toMatchObject({ email: command.email, privilege: 'owner' });
    expect(account.permissions).toEqual(['doctor:read', 'doctor:write', 'schedule:read']);
    const doctor = await client.rpc.call(doctorRpc.get, { id: created.doctorId });
    expect(doctor).toMatchObject({
      accountId: created.accountId,
      licenseNumber: command.licenseNumber,
      displayName: command.fullName,
    });

    const saga = await client.rpc.call(sagaRpc.get, { id: created.sagaId });
    expect(saga).toMatchObject({ type: 'doctor-creation', state: 'completed' });
    expect(saga.steps.map(({ name, state, attempts }) => ({ name, state, attempts }))).toEqual([
      { name: 'createAccount', state: 'completed', attempts: 1 },
      { name: 'createProfile', state: 'completed', attempts: 1 },
      { name: 'assignPermissions', state: 'completed', attempts: 1 },
    ]);
    for (const step of saga.steps)
      expect(Date.parse(step.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(step.startedAt!));
  });

  it('compensates the account when the license number is taken, and replies 409 with the saga', async () => {
    const { doctor: existing } = await createDoctor(client);
    const command = doctorCommand({ licenseNumber: existing.licenseNumber });
    const error = await rpcFailure(client.rpc.call(doctorSagaRpc.create, command));
    expect(error.envelope).toMatchObject({
      code: 'DOCTOR_LICENSE_TAKEN',
      status: 409,
      message: 'A doctor with this license number already exists',
      context: { saga: { step: 'createProfile', state: 'compensated' } },
    });
    const sagaId = (error.envelope.context?.['saga'] as { sagaId: string }).sagaId;
    const saga = await client.rpc.call(sagaRpc.get, { id: sagaId });
    expect(saga.state).toBe('compensated');
    expect(saga.steps.map(({ name, state }) => ({ name, state }))).toEqual([
      { name: 'createAccount', state: 'compensated' },
      { name: 'createProfile', state: 'compensated' },
      { name: 'assignPermissions', state: 'pending' },
    ]);
    expect(saga.steps[1]?.error).toMatchObject({ code: 'DOCTOR_LICENSE_TAKEN' });
    // Compensated in the owning databases: no account with that email, the old profile untouched.
    expect(
      (await client.rpc.call(accountRpc.findByEmail, { email: command.email })).account,
    ).toBeNull();
    expect(
      (await client.rpc.call(doctorRpc.search, { search: existing.licenseNumber })).data,
    ).toHaveLength(1);
  });

  it('answers a repeated idempotency key with its saga, and 422 when the command differs', async () => {
    const command = doctorCommand();
    const options = { idempotencyKey: `repeat-${command.email}` };
    const created = await client.rpc.call(doctorSagaRpc.create, command, options);
    expect(await client.rpc.call(doctorSagaRpc.create, command, options)).toEqual(created);

    // The same email (business key) with another specialty: the key is not this command's.
    const changed = { ...command, specialty: `${command.specialty} (changed)` };
    const error = await rpcFailure(client.rpc.call(doctorSagaRpc.create, changed, options));
    expect(error.envelope).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    const doctor = await client.rpc.call(doctorRpc.get, { id: created.doctorId });
    expect(doctor.specialty).toBe(command.specialty);
  });

  it('refuses an email that is already used, leaving the existing account alone', async () => {
    const { account } = await createDoctor(client);
    const error = await rpcFailure(
      client.rpc.call(doctorSagaRpc.create, doctorCommand({ email: account.email })),
    );
    expect(error.envelope).toMatchObject({
      code: 'ACCOUNT_EMAIL_TAKEN',
      status: 409,
      context: { saga: { step: 'createAccount' } },
    });
    expect(await client.rpc.call(accountRpc.get, { id: account.id })).toMatchObject({
      id: account.id,
    });
  });

  it('creates nothing twice when a step command is delivered again', async () => {
    const command = doctorCommand();
    const created = await client.rpc.call(doctorSagaRpc.create, command);
    // The same command as the saga sent it, under the saga's idempotency key.
    const again = await client.rpc.call(
      accountRpc.create,
      {
        id: created.accountId,
        email: command.email,
        password: command.password,
        fullName: command.fullName,
        privilege: 'owner',
      },
      { idempotencyKey: `${created.sagaId}:createAccount` },
    );
    expect(again.id).toBe(created.accountId);
    const profileAgain = await client.rpc.call(
      doctorRpc.create,
      {
        id: created.doctorId,
        accountId: created.accountId,
        displayName: command.fullName,
        specialty: command.specialty,
        licenseNumber: command.licenseNumber,
        hospitalIds: [],
      },
      { idempotencyKey: `${created.sagaId}:createProfile` },
    );
    expect(profileAgain.id).toBe(created.doctorId);
    expect(
      (await client.rpc.call(doctorRpc.search, { search: command.licenseNumber })).meta.total,
    ).toBe(1);
  });

  it('lets only one of eight concurrent sagas for one email succeed', async () => {
    const email = doctorCommand().email;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        client.rpc.call(doctorSagaRpc.create, doctorCommand({ email })),
      ),
    );
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    expect(succeeded).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as RpcError).status).toBe(409);
    }
  });

  it('answers an unknown saga with 404', async () => {
    const error = await rpcFailure(
      client.rpc.call(sagaRpc.get, { id: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(error.envelope).toMatchObject({ code: 'SAGA_NOT_FOUND', status: 404 });
  });
});
