import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  doctorRpc,
  doctorSagaRpc,
  sagaCompensated,
  sagaCompensationRetried,
  sagaOperationsRpc,
  sagaRpc,
} from '@medicalink/contracts';
import {
  createTestNamespace,
  eventually,
  probeEvents,
  rpcFailure,
  type EventProbe,
} from '@medicalink/testing';
import { doctorCommand, faults, startOrchestratorStack, type OrchestratorStack } from './support';

const infrastructure = inject('infrastructure');
let stack: OrchestratorStack;
let probe: EventProbe;
const OPERATOR = '0b6f6f0e-8a4e-4a57-9d6b-2f3f2b1c9a10';

/**
 * The first doctor creation fails at assignPermissions, and the first compensation of its
 * profile is refused (not retryable): that saga ends compensation_failed with the profile
 * left. Every later call goes through.
 */
beforeAll(async () => {
  const namespace = createTestNamespace(infrastructure, 'sagaops');
  probe = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
    sagaCompensationRetried.name,
    sagaCompensated.name,
  ]);
  stack = await startOrchestratorStack(namespace, {
    participantEnv: {
      accounts: faults({ pattern: 'accounts.permissions.assign', mode: 'error', times: 1 }),
      directory: faults({ pattern: 'directory.doctor.delete', mode: 'error', times: 1 }),
    },
    orchestratorEnv: { SAGA_RECOVERY_INTERVAL_MS: '200' },
    clientTimeoutMs: 30_000,
  });
});

afterAll(async () => {
  await stack?.stop();
  await probe?.close();
});

describe('saga operations', () => {
  let failedId: string;
  let completedId: string;
  const failedCommand = doctorCommand();

  it('lists sagas newest first, filtered by state, type and time, paginated', async () => {
    const failure = await rpcFailure(stack.client.rpc.call(doctorSagaRpc.create, failedCommand));
    expect(failure.envelope.context?.['saga']).toMatchObject({ state: 'compensation_failed' });
    failedId = (failure.envelope.context?.['saga'] as { sagaId: string }).sagaId;
    completedId = (await stack.client.rpc.call(doctorSagaRpc.create, doctorCommand())).sagaId;
    const list = (query: Record<string, unknown>) =>
      stack.client.rpc.call(sagaOperationsRpc.list, { page: 1, limit: 20, ...query });

    const all = await list({});
    expect(all.data.map((saga) => saga.id)).toEqual([completedId, failedId]);
    expect(all.meta).toMatchObject({ page: 1, limit: 20, total: 2, hasNext: false });
    expect(all.data[1]).toMatchObject({
      type: 'doctor-creation',
      state: 'compensation_failed',
      deferrals: 0,
      nextAttemptAt: null,
      operatorRetries: [],
    });

    expect((await list({ state: 'compensation_failed' })).data.map((saga) => saga.id)).toEqual([
      failedId,
    ]);
    expect((await list({ type: 'no-such-type' })).meta.total).toBe(0);
    const secondPage = await list({ page: 2, limit: 1 });
    expect(secondPage.data.map((saga) => saga.id)).toEqual([failedId]);
    expect(secondPage.meta).toMatchObject({
      total: 2,
      totalPages: 2,
      hasPrev: true,
      hasNext: false,
    });
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list({ from: future })).meta.total).toBe(0);
    expect((await list({ to: future })).meta.total).toBe(2);

    const invalid = await rpcFailure(list({ state: 'sleeping' }));
    expect(invalid.envelope).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const reversed = await rpcFailure(list({ from: future, to: new Date(0).toISOString() }));
    expect(reversed.envelope.message).toMatch(/to: must not be before from/);
  });

  it('resumes a compensation_failed saga on an operator retry, journaling who and when', async () => {
    const profiles = () =>
      stack.client.rpc.call(doctorRpc.search, { search: failedCommand.licenseNumber });
    expect((await profiles()).meta.total).toBe(1); // what the failed compensation left

    const before = Date.now();
    const retried = await stack.client.rpc.call(sagaOperationsRpc.retry, {
      id: failedId,
      by: OPERATOR,
    });
    expect(retried).toMatchObject({ sagaId: failedId, state: 'compensating', retriedBy: OPERATOR });
    expect(Date.parse(retried.retriedAt)).toBeGreaterThanOrEqual(before - 1_000);

    await eventually(
      async () => {
        expect((await stack.client.rpc.call(sagaRpc.get, { id: failedId })).state).toBe(
          'compensated',
        );
      },
      { timeoutMs: 15_000 },
    );
    expect((await profiles()).meta.total).toBe(0);
    const listed = await stack.client.rpc.call(sagaOperationsRpc.list, {
      page: 1,
      limit: 1,
      state: 'compensated',
    });
    expect(listed.data[0]).toMatchObject({
      id: failedId,
      operatorRetries: [{ by: OPERATOR, at: retried.retriedAt }],
    });
    // The audit trail others can follow: the retry, naming the operator, then its outcome.
    await eventually(() =>
      expect(
        probe.received
          .filter((message) => (message.body as { sagaId?: string }).sagaId === failedId)
          .map((message) => message.properties.type as string),
      ).toEqual(['saga.compensation_retried', 'saga.compensated']),
    );
    expect(
      probe.matching(sagaCompensationRetried.name, (body) => body['sagaId'] === failedId)[0]?.body,
    ).toMatchObject({ type: 'doctor-creation', by: OPERATOR });
  });

  it('refuses to retry a saga that is not compensation_failed (409) or does not exist (404)', async () => {
    const again = await rpcFailure(
      stack.client.rpc.call(sagaOperationsRpc.retry, { id: completedId, by: OPERATOR }),
    );
    expect(again.envelope).toMatchObject({ status: 409, code: 'SAGA_NOT_COMPENSATION_FAILED' });
    const missing = await rpcFailure(
      stack.client.rpc.call(sagaOperationsRpc.retry, {
        id: '5d9c2f57-0c8e-4b6f-9a3e-7c1d2e3f4a5b',
        by: OPERATOR,
      }),
    );
    expect(missing.envelope).toMatchObject({ status: 404, code: 'SAGA_NOT_FOUND' });
  });
});
