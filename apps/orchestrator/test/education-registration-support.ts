import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import type Redis from 'ioredis';
import { createRedisClient } from '@medicalink/cache';
import {
  accountRpc,
  educationRegistrationRpc,
  educationRegistrationTransitioned,
  type RegistrationCaller,
  type RpcRequest,
} from '@medicalink/contracts';
import { INTERNAL_ERROR_MESSAGES } from '@medicalink/errors';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  probeEvents,
  startApp,
  type ChildApp,
  type EventProbe,
  type TestClient,
  type TestNamespace,
} from '@medicalink/testing';
import type { OrchestratorDatabase } from '../src/database/orchestrator.schema';
import { startOrchestrator } from '../src/start';

export const rpc = educationRegistrationRpc;
/** Staff with every session in reach (an admin caller needs no account of its own). */
export const admin: RegistrationCaller = { id: randomUUID(), privilege: 'admin' };
/** Account changes made on behalf of a main account (the highest rank: every change allowed). */
export const MAIN_ACTOR = { id: randomUUID(), privilege: 'main' } as const;

export type Step = 'validate' | 'category' | 'linkAccount' | 'create' | 'complete';
export const STEPS: Step[] = ['validate', 'category', 'linkAccount', 'create', 'complete'];

/** What a caller reads instead of an unexpected (500) failure's own text. */
export const INTERNAL = INTERNAL_ERROR_MESSAGES.default;

export const newBusinessId = () => `OT-${randomUUID().slice(0, 8)}`;

export const stageBody = (
  caller: RegistrationCaller,
  userBusinessId: string,
  options: {
    expirationHours?: number;
    skipValidation?: boolean;
    priority?: 'normal' | 'high';
  } = {},
  graduationYear = 2020,
): RpcRequest<typeof rpc.stage> => ({
  caller,
  userBusinessId,
  educationData: {
    graduationYear,
    university: 'ca-mcgill-university',
    country: 'CA',
    degreeType: 'masters',
    college: 'Dawson College',
  },
  options,
});

/**
 * The education registration workflow under test: accounts and education as processes (the
 * latter with `educationEnv`, e.g. injected faults), the orchestrator in this process, a client,
 * the orchestrator's database and Redis, in one namespace, started before the file's tests and
 * stopped after them. Its helpers read the running parts when called, so they may be taken
 * apart at once.
 */
export function registrationTestbed(name: string, educationEnv: Record<string, string> = {}) {
  const infrastructure = inject('infrastructure');
  const namespace: TestNamespace = createTestNamespace(infrastructure, name);
  let participants: { app: ChildApp; url: string }[] = [];
  let orchestrator: RunningService | undefined;
  let client: TestClient | undefined;
  let db: Kysely<OrchestratorDatabase> | undefined;
  let events: EventProbe | undefined;
  const redis: Redis = createRedisClient({
    url: infrastructure.redisUrl,
    keyPrefix: namespace.redisKeyPrefix,
  });
  const running = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the testbed is not started');
    return part;
  };

  const bed = {
    namespace,
    redis,
    get client(): TestClient {
      return running(client);
    },
    get db(): Kysely<OrchestratorDatabase> {
      return running(db);
    },
    get events(): EventProbe {
      return running(events);
    },

    async start(): Promise<void> {
      events = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
        educationRegistrationTransitioned.name,
      ]);
      participants = await Promise.all([
        startApp('accounts', namespace.env({ PASSWORD_HASH_COST: '1024' })),
        startApp('education', namespace.env(educationEnv)),
      ]);
      orchestrator = await startOrchestrator(namespace.env({ ORCHESTRATOR_HTTP_PORT: '0' }));
      client = await createTestClient(namespace, { timeoutMs: 10_000 });
      db = createDatabase<OrchestratorDatabase>(
        databaseUrl(infrastructure.postgresUrl, namespace.database('orchestrator')),
      );
    },

    async stop(): Promise<void> {
      redis.disconnect();
      await events?.close();
      await client?.close();
      await db?.destroy();
      await orchestrator?.close();
      await Promise.all(participants.map((participant) => participant.app.stop()));
      await namespace.cleanup();
    },

    /** An account carrying a business id (or none), and its holder as a caller. */
    async owner(
      businessId: string | null = newBusinessId(),
      extra: { membershipExpiresAt?: string; privilege?: 'owner' | 'main' } = {},
    ) {
      const account = await bed.client.rpc.call(accountRpc.create, {
        email: `edu-${randomUUID().slice(0, 8)}@medicalink.test`,
        password: 'a long enough password',
        fullName: 'Occupational Therapist',
        ...(businessId ? { businessId } : {}),
        ...extra,
      });
      const caller: RegistrationCaller = { id: account.id, privilege: 'owner' };
      return { account, caller, businessId: businessId ?? newBusinessId() };
    },

    /** Calls one step of a session as `caller`. */
    step(name: Step, id: string, caller: RegistrationCaller, accountId?: string) {
      if (name === 'linkAccount') {
        return bed.client.rpc.call(rpc.linkAccount, {
          id,
          caller,
          accountId: accountId ?? caller.id,
        });
      }
      return bed.client.rpc.call(rpc[name], { id, caller });
    },

    /** A session of a fresh owner, moved through the first `steps` steps. */
    async sessionAfter(steps: number) {
      const person = await bed.owner();
      const { sessionId } = await bed.client.rpc.call(
        rpc.stage,
        stageBody(person.caller, person.businessId),
      );
      for (const name of STEPS.slice(0, steps)) await bed.step(name, sessionId, person.caller);
      return { ...person, sessionId };
    },

    /** The trail's failure entries: what failed, from where, and who asked. */
    async failures(id: string) {
      const { data } = await bed.client.rpc.call(rpc.audit, { id, caller: admin, limit: 100 });
      return data
        .filter((entry) => entry.outcome === 'failed')
        .map(({ action, from, to, by, detail }) => ({
          action,
          from,
          to,
          by,
          step: detail?.['step'],
        }));
    },
  };
  beforeAll(() => bed.start());
  afterAll(() => bed.stop());
  return bed;
}
