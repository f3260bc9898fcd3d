import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { doctorSagaRpc, SAGA_EVENTS } from '@medicalink/contracts';
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

/** The first assignPermissions fails for good, so the first saga compensates; the rest complete. */
beforeAll(async () => {
  const namespace = createTestNamespace(infrastructure, 'sagaev');
  probe = await probeEvents(
    infrastructure.rabbitmqUrl,
    namespace.prefix,
    SAGA_EVENTS.map((event) => event.name),
  );
  stack = await startOrchestratorStack(namespace, {
    participantEnv: {
      accounts: faults({ pattern: 'accounts.permissions.assign', mode: 'error', times: 1 }),
    },
    clientTimeoutMs: 30_000,
  });
});

afterAll(async () => {
  await stack?.stop();
  await probe?.close();
});

const bodyOf = (body: unknown) => body as Record<string, unknown>;

/** `name` or `name:step` of each event of the saga, in publication order. */
function timeline(sagaId: string): string[] {
  return probe.received
    .map((message) => ({ name: message.properties.type as string, body: bodyOf(message.body) }))
    .filter(({ body }) => body['sagaId'] === sagaId)
    .map(({ name, body }) => (typeof body['step'] === 'string' ? `${name}:${body['step']}` : name));
}

describe('saga events', () => {
  it('reports a compensated saga: started, the steps that succeeded, the one that failed, compensated', async () => {
    const failure = await rpcFailure(stack.client.rpc.call(doctorSagaRpc.create, doctorCommand()));
    const sagaId = (failure.envelope.context?.['saga'] as { sagaId: string }).sagaId;
    await eventually(() => expect(timeline(sagaId)).toContain('saga.compensated'));
    expect(timeline(sagaId)).toEqual([
      'saga.started',
      'saga.step.succeeded:createAccount',
      'saga.step.succeeded:createProfile',
      'saga.step.failed:assignPermissions',
      'saga.compensated',
    ]);
    const failed = probe.matching('saga.step.failed', (body) => body['sagaId'] === sagaId)[0];
    expect(failed?.body).toMatchObject({
      type: 'doctor-creation',
      step: 'assignPermissions',
      attempt: 1,
      error: { code: 'INJECTED_FAULT', retryable: false },
    });
    expect(
      probe.matching('saga.compensated', (b) => b['sagaId'] === sagaId)[0]?.body,
    ).toMatchObject({ failedStep: 'assignPermissions' });
  });

  it('reports a completed saga, without its input', async () => {
    const command = doctorCommand();
    const { sagaId } = await stack.client.rpc.call(doctorSagaRpc.create, command);
    await eventually(() => expect(timeline(sagaId)).toContain('saga.completed'));
    expect(timeline(sagaId)).toEqual([
      'saga.started',
      'saga.step.succeeded:createAccount',
      'saga.step.succeeded:createProfile',
      'saga.step.succeeded:assignPermissions',
      'saga.completed',
    ]);
    const bodies = JSON.stringify(probe.received.map((message) => message.body));
    expect(bodies).not.toContain(command.email);
    expect(bodies).not.toContain(command.password);
  });
});
