import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountRpc, doctorRpc, doctorSagaRpc } from '@medicalink/contracts';
import { RpcError } from '@medicalink/messaging';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  type TestClient,
} from '@medicalink/testing';
import {
  createDoctor,
  doctorCommand,
  faults,
  spawnOrchestrator,
  startParticipants,
  type Participant,
} from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'crash');
const ORCHESTRATOR_ENV = { SAGA_LEASE_MS: '1000', SAGA_RECOVERY_INTERVAL_MS: '200' };
let participants: Awaited<ReturnType<typeof startParticipants>>;
let orchestrator: Participant;
let client: TestClient;
let journal: Kysely<SagaTables>;

beforeAll(async () => {
  // Slow participants hold each saga at a known point long enough to kill the orchestrator there.
  participants = await startParticipants(namespace, {
    accounts: faults(
      { pattern: 'accounts.account.create', mode: 'slow', delayMs: 1_500 },
      { pattern: 'accounts.permissions.assign', mode: 'slow', delayMs: 1_500 },
    ),
    directory: faults({ pattern: 'directory.doctor.delete', mode: 'slow', delayMs: 1_500 }),
  });
  orchestrator = await spawnOrchestrator(namespace, ORCHESTRATOR_ENV);
  client = await createTestClient(namespace, { timeoutMs: 30_000 });
  journal = createDatabase<SagaTables>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('orchestrator')),
  );
}, 60_000);

afterAll(async () => {
  await client?.close();
  await journal?.destroy();
  await orchestrator?.app.stop();
  await participants?.stop();
  await namespace.cleanup();
});

/** Starts a saga without waiting for it; the reply may never come (its orchestrator is killed). */
function startSaga(command: ReturnType<typeof doctorCommand>): void {
  client.rpc
    .call(doctorSagaRpc.create, command, { timeoutMs: 30_000, retries: 0 })
    .catch(() => undefined);
}

async function waitForStep(email: string, step: string, state: string) {
  return eventually(
    async () => {
      const row = await journal
        .selectFrom('sagas')
        .innerJoin('saga_steps', 'saga_steps.saga_id', 'sagas.id')
        .select(['sagas.id', 'saga_steps.state'])
        .where('sagas.business_key', '=', email)
        .where('saga_steps.name', '=', step)
        .executeTakeFirst();
      expect(row?.state).toBe(state);
      return row!.id;
    },
    { timeoutMs: 15_000, intervalMs: 20 },
  );
}

async function killAndRestart(): Promise<void> {
  await orchestrator.app.stop('SIGKILL');
  orchestrator = await spawnOrchestrator(namespace, ORCHESTRATOR_ENV);
}

/** Waits for the saga to end, then checks the owning services agree with its end state. */
async function expectEndedConsistently(sagaId: string): Promise<string> {
  const saga = await eventually(
    async () => {
      const row = await journal
        .selectFrom('sagas')
        .selectAll()
        .where('id', '=', sagaId)
        .executeTakeFirstOrThrow();
      expect(['completed', 'compensated', 'compensation_failed']).toContain(row.state);
      return row;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const { accountId, doctorId } = saga.input as { accountId: string; doctorId: string };
  const exists = async (promise: Promise<unknown>) =>
    promise.then(
      () => true,
      (error: unknown) => {
        if (error instanceof RpcError && error.status === 404) return false;
        throw error;
      },
    );
  const accountExists = await exists(client.rpc.call(accountRpc.get, { id: accountId }));
  const profileExists = await exists(client.rpc.call(doctorRpc.get, { id: doctorId }));
  if (saga.state === 'completed') expect([accountExists, profileExists]).toEqual([true, true]);
  if (saga.state === 'compensated') expect([accountExists, profileExists]).toEqual([false, false]);
  expect((saga.input as Record<string, unknown>)['password']).toBeUndefined();
  return saga.state;
}

describe('orchestrator killed mid-saga (SIGKILL), then restarted', () => {
  it('finishes a saga killed after step 1 started', async () => {
    const command = doctorCommand();
    startSaga(command);
    const sagaId = await waitForStep(command.email, 'createAccount', 'started');
    await killAndRestart();
    expect(await expectEndedConsistently(sagaId)).toBe('completed');
  });

  it('finishes a saga killed after step 2 finished', async () => {
    const command = doctorCommand();
    startSaga(command);
    const sagaId = await waitForStep(command.email, 'createProfile', 'completed');
    await killAndRestart();
    expect(await expectEndedConsistently(sagaId)).toBe('completed');
  });

  it('finishes compensating a saga killed during compensation, leaving no orphan', async () => {
    const { doctor: existing } = await createDoctor(client);
    const command = doctorCommand({ licenseNumber: existing.licenseNumber });
    startSaga(command);
    const sagaId = await waitForStep(command.email, 'createProfile', 'compensating');
    await killAndRestart();
    expect(await expectEndedConsistently(sagaId)).toBe('compensated');
    expect(
      (await client.rpc.call(accountRpc.findByEmail, { email: command.email })).account,
    ).toBeNull();
    expect(
      (await client.rpc.call(doctorRpc.search, { search: existing.licenseNumber })).meta.total,
    ).toBe(1);
  });

  it('answers a caller who waited through the kill with the outcome of the saga it started', async () => {
    const command = doctorCommand();
    const reply = client.rpc.call(doctorSagaRpc.create, command, {
      timeoutMs: 30_000,
      retries: 0,
    });
    const sagaId = await waitForStep(command.email, 'createAccount', 'started');
    await killAndRestart();

    // The broker redelivers the unacked request to the new orchestrator, which joins the saga.
    await expect(reply).resolves.toMatchObject({ sagaId });
    expect(await expectEndedConsistently(sagaId)).toBe('completed');
    const sagas = await journal
      .selectFrom('sagas')
      .select('id')
      .where('business_key', '=', command.email)
      .execute();
    expect(sagas).toEqual([{ id: sagaId }]);
  });
});
