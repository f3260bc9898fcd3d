import { randomUUID } from 'node:crypto';
import { accountRpc, doctorRpc, type Account, type Doctor } from '@medicalink/contracts';
import type { RunningService } from '@medicalink/runtime';
import { startOrchestrator } from '../src/start';
import {
  createTestClient,
  startApp,
  type ChildApp,
  type TestClient,
  type TestNamespace,
} from '@medicalink/testing';

export interface Participant {
  app: ChildApp;
  url: string;
}

/** accounts and provider-directory as processes (from dist/), in the test's namespace. */
export async function startParticipants(
  namespace: TestNamespace,
  extraEnv: { accounts?: Record<string, string>; directory?: Record<string, string> } = {},
): Promise<{ accounts: Participant; directory: Participant; stop(): Promise<void> }> {
  const start = (app: 'accounts' | 'provider-directory'): Promise<Participant> => {
    const own = app === 'accounts' ? extraEnv.accounts : extraEnv.directory;
    return startApp(app, namespace.env({ PASSWORD_HASH_COST: '1024', ...own }));
  };
  const [accounts, directory] = await Promise.all([start('accounts'), start('provider-directory')]);
  return {
    accounts,
    directory,
    stop: async () => {
      await Promise.all([accounts.app.stop(), directory.app.stop()]);
    },
  };
}

export async function createDoctor(
  client: TestClient,
  specialty = 'Cardiology',
): Promise<{ account: Account; doctor: Doctor }> {
  const tag = randomUUID().slice(0, 8);
  const account = await client.rpc.call(accountRpc.create, {
    email: `doc-${tag}@medicalink.test`,
    password: 'a long enough password',
    fullName: `Dr. ${tag}`,
  });
  const doctor = await client.rpc.call(doctorRpc.create, {
    accountId: account.id,
    displayName: account.fullName,
    specialty,
    licenseNumber: `LIC-${tag}`,
  });
  return { account, doctor };
}

/** How many messages of a pattern a service process has handled, from its /metrics. */
export async function handledCount(serviceUrl: string, pattern: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('messaging_handler_duration_seconds_count{') &&
        line.includes(`pattern="${pattern}"`),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The orchestrator as a process, so a test can SIGKILL it mid-saga. */
export async function spawnOrchestrator(
  namespace: TestNamespace,
  extraEnv: Record<string, string> = {},
): Promise<Participant> {
  return startApp('orchestrator', namespace.env(extraEnv));
}

/** FAULT_INJECTION value for the given rules. */
export const faults = (...rules: Record<string, unknown>[]) => ({
  FAULT_INJECTION: JSON.stringify(rules),
});

let doctorCounter = 0;
/** A valid CreateDoctorCommand with a unique email and license number. */
export function doctorCommand(overrides: Record<string, unknown> = {}) {
  const tag = `${randomUUID().slice(0, 6)}${(doctorCounter += 1)}`;
  return {
    email: `saga-${tag}@medicalink.test`,
    password: 'a long enough password',
    fullName: `Dr. Saga ${tag}`,
    specialty: 'Oncology',
    licenseNumber: `SAGA-${tag}`.toUpperCase(),
    permissions: ['doctor:write' as const],
    ...overrides,
  };
}

export interface OrchestratorStack {
  participants: Awaited<ReturnType<typeof startParticipants>>;
  orchestrator: RunningService;
  client: TestClient;
  /** stops everything and removes the namespace */
  stop(): Promise<void>;
}

/** Participants as processes, the orchestrator in this process, and a client, in one namespace. */
export async function startOrchestratorStack(
  namespace: TestNamespace,
  options: {
    orchestratorEnv?: Record<string, string>;
    participantEnv?: Parameters<typeof startParticipants>[1];
    clientTimeoutMs?: number;
  } = {},
): Promise<OrchestratorStack> {
  const participants = await startParticipants(namespace, options.participantEnv);
  const orchestrator = await startOrchestrator(
    namespace.env({ ORCHESTRATOR_HTTP_PORT: '0', ...options.orchestratorEnv }),
  );
  const client = await createTestClient(namespace, { timeoutMs: options.clientTimeoutMs ?? 3_000 });
  return {
    participants,
    orchestrator,
    client,
    stop: async () => {
      await client.close();
      await orchestrator.close();
      await participants.stop();
      await namespace.cleanup();
    },
  };
}
