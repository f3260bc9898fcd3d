import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { accountRpc, doctorRpc, doctorSagaRpc } from '@medicalink/contracts';
import type { RunningService } from '@medicalink/runtime';
import { nameBasedUuid, SagaEngine, type SagaRecord } from '@medicalink/saga';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  proxyInFrontOf,
  type TestClient,
} from '@medicalink/testing';
import { startOrchestrator } from '../src/start';
import { doctorCommand, faults, startParticipants } from './support';

const infrastructure = inject('infrastructure');
let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/**
 * The orchestrator reaches RabbitMQ through a TCP proxy the test pauses: for the orchestrator
 * the broker is gone (every connection cut, new ones refused), while the shared broker, the
 * participants and the test client go on. createProfile answers slowly, so the saga is in
 * that step when the broker goes away.
 */
async function systemBehindProxy() {
  const namespace = createTestNamespace(infrastructure, 'sagao');
  cleanup.push(() => namespace.cleanup());
  const participants = await startParticipants(namespace, {
    directory: faults({ pattern: 'directory.doctor.create', mode: 'slow', delayMs: 1_500 }),
  });
  cleanup.push(() => participants.stop());
  const { proxy, url } = await proxyInFrontOf(infrastructure.rabbitmqUrl, 5672);
  cleanup.push(() => proxy.close());
  const orchestrator: RunningService = await startOrchestrator(
    namespace.env({
      ORCHESTRATOR_HTTP_PORT: '0',
      RABBITMQ_URL: url,
      SAGA_STEP_TIMEOUT_MS: '1000',
      SAGA_RECOVERY_INTERVAL_MS: '200',
      SAGA_COMPENSATION_MAX_DELAY_MS: '2000',
    }),
  );
  cleanup.push(() => orchestrator.close());
  const client: TestClient = await createTestClient(namespace, { timeoutMs: 30_000 });
  cleanup.push(() => client.close());
  const engine = orchestrator.app.get(SagaEngine, { strict: false });
  return { proxy, client, engine };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a saga whose broker goes away mid-compensation', () => {
  // Regression: after an 11 s broker outage a saga gave up compensating within
  // 1.4 s, refused by the open circuit, and left an account without a doctor profile.
  it('stays compensating through the outage and ends compensated, leaving no account and no profile', async () => {
    const { proxy, client, engine } = await systemBehindProxy();
    const command = doctorCommand();
    const idempotencyKey = randomUUID();
    const sagaId = nameBasedUuid(`doctor-creation:${idempotencyKey}`);
    const reply = client.rpc
      .call(doctorSagaRpc.create, command, { idempotencyKey })
      .catch((error: unknown) => error);

    // The account exists and createProfile is in flight: now the broker goes away.
    await eventually(
      async () => {
        const { account } = await client.rpc.call(accountRpc.findByEmail, {
          email: command.email,
        });
        expect(account).not.toBeNull();
      },
      { timeoutMs: 15_000 },
    );
    proxy.pause();

    // Well past the 1.4 s in which it used to give up, and past several deferrals.
    await sleep(8_000);
    const during = (await engine.get(sagaId)) as SagaRecord;
    expect(during.state).toBe('compensating');
    expect(during.deferrals).toBeGreaterThanOrEqual(2);
    expect(during.steps.map((step) => step.state)).toContain('compensating');
    // The half-created doctor is still there, and the saga still owns it.
    expect(
      (await client.rpc.call(accountRpc.findByEmail, { email: command.email })).account,
    ).not.toBeNull();

    proxy.resume();
    await eventually(
      async () => {
        expect((await engine.get(sagaId))?.state).toBe('compensated');
      },
      { timeoutMs: 30_000 },
    );
    const done = (await engine.get(sagaId)) as SagaRecord;
    expect(done.steps.map((step) => `${step.name}:${step.state}`)).toEqual([
      'createAccount:compensated',
      'createProfile:compensated',
      'assignPermissions:pending',
    ]);
    expect(
      (await client.rpc.call(accountRpc.findByEmail, { email: command.email })).account,
    ).toBeNull();
    // createProfile ran after its caller had gone (it was slow): its compensation removed it.
    expect(
      (await client.rpc.call(doctorRpc.search, { search: command.licenseNumber })).meta.total,
    ).toBe(0);
    await reply;
  });
});
