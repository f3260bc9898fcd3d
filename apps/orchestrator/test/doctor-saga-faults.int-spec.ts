import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  accountRpc,
  doctorRpc,
  doctorSagaRpc,
  sagaRpc,
  type SagaView,
} from '@medicalink/contracts';
import { type RpcError } from '@medicalink/messaging';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  type TestClient,
  type TestNamespace,
} from '@medicalink/testing';
import { startOrchestrator } from '../src/start';
import { doctorCommand, faults, startParticipants } from './support';

const infrastructure = inject('infrastructure');
let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A fresh namespace whose participants carry the given fault rules. */
async function systemWith(participantFaults: {
  accounts?: Record<string, unknown>[];
  directory?: Record<string, unknown>[];
}) {
  const namespace: TestNamespace = createTestNamespace(infrastructure, 'sagaf');
  cleanup.push(() => namespace.cleanup());
  const participants = await startParticipants(namespace, {
    accounts: faults(...(participantFaults.accounts ?? [])),
    directory: faults(...(participantFaults.directory ?? [])),
  });
  cleanup.push(() => participants.stop());
  const orchestrator: RunningService = await startOrchestrator(
    namespace.env({
      ORCHESTRATOR_HTTP_PORT: '0',
      SAGA_STEP_TIMEOUT_MS: '2000',
    }),
  );
  cleanup.push(() => orchestrator.close());
  const client: TestClient = await createTestClient(namespace, { timeoutMs: 30_000 });
  cleanup.push(() => client.close());
  return client;
}

async function failedSaga(
  client: TestClient,
): Promise<{ error: RpcError; saga: SagaView; leftoverAccountId: string | null }> {
  const command = doctorCommand();
  const error = await client.rpc.call(doctorSagaRpc.create, command).then(
    () => {
      throw new Error('expected the saga to fail');
    },
    (caught: unknown) => caught as RpcError,
  );
  const sagaId = (error.envelope.context?.['saga'] as { sagaId: string }).sagaId;
  const saga = await client.rpc.call(sagaRpc.get, { id: sagaId });
  const { account } = await client.rpc.call(accountRpc.findByEmail, { email: command.email });
  const profiles = await client.rpc.call(doctorRpc.search, { search: command.licenseNumber });
  expect(profiles.meta.total).toBe(0);
  return { error, saga, leftoverAccountId: account?.id ?? null };
}

const stepStates = (saga: SagaView) => saga.steps.map(({ name, state }) => `${name}:${state}`);

describe('doctor-creation saga under injected faults', () => {
  it('compensates in reverse order when step 3 fails, leaving no account and no profile', async () => {
    const client = await systemWith({
      accounts: [{ pattern: 'accounts.permissions.assign', mode: 'error' }],
    });
    const { error, saga, leftoverAccountId } = await failedSaga(client);
    expect(error.envelope).toMatchObject({
      code: 'INJECTED_FAULT',
      status: 503,
      context: { saga: { step: 'assignPermissions', state: 'compensated' } },
    });
    expect(stepStates(saga)).toEqual([
      'createAccount:compensated',
      'createProfile:compensated',
      'assignPermissions:compensated',
    ]);
    // reverse order: each compensation finished no later than the one of the step after it
    const finished = saga.steps.map((step) => Date.parse(step.finishedAt!));
    expect(finished[0]).toBeGreaterThanOrEqual(finished[1]!);
    expect(finished[1]).toBeGreaterThanOrEqual(finished[2]!);
    expect(leftoverAccountId).toBeNull();
  });

  it('retries a compensation that fails twice, then ends compensated', async () => {
    const client = await systemWith({
      accounts: [{ pattern: 'accounts.permissions.assign', mode: 'error' }],
      directory: [{ pattern: 'directory.doctor.delete', mode: 'error-retryable', times: 2 }],
    });
    const { saga, leftoverAccountId } = await failedSaga(client);
    expect(saga.state).toBe('compensated');
    expect(stepStates(saga)).toEqual([
      'createAccount:compensated',
      'createProfile:compensated',
      'assignPermissions:compensated',
    ]);
    expect(leftoverAccountId).toBeNull();
  });

  it('ends in compensation_failed when a compensation keeps failing, still undoing the earlier steps', async () => {
    const client = await systemWith({
      accounts: [{ pattern: 'accounts.permissions.assign', mode: 'error' }],
      directory: [{ pattern: 'directory.doctor.delete', mode: 'error' }],
    });
    const command = doctorCommand();
    const error = await client.rpc.call(doctorSagaRpc.create, command).then(
      () => {
        throw new Error('expected the saga to fail');
      },
      (caught: unknown) => caught as RpcError,
    );
    expect(error.envelope.context?.['saga']).toMatchObject({ state: 'compensation_failed' });
    const saga = await client.rpc.call(sagaRpc.get, {
      id: (error.envelope.context?.['saga'] as { sagaId: string }).sagaId,
    });
    expect(stepStates(saga)).toEqual([
      'createAccount:compensated',
      'createProfile:compensation_failed',
      'assignPermissions:compensated',
    ]);
    expect(
      (await client.rpc.call(accountRpc.findByEmail, { email: command.email })).account,
    ).toBeNull();
    // The profile could not be removed: it is still there, and the saga says so.
    expect(
      (await client.rpc.call(doctorRpc.search, { search: command.licenseNumber })).meta.total,
    ).toBe(1);
  });
});
