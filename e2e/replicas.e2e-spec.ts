import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createSystem,
  createTestNamespace,
  eventually,
  gatewayClient,
  MEDICALINK_APPS,
  openEventStream,
  type EventStream,
  type MedicalinkApp,
  type SystemProcess,
  type TestSystem,
} from '@medicalink/testing';
import { queryDatabase } from './support/database';
import { printAppOutputOnFailure } from './support/system';

/** The apps that run twice here: the gateway, the orchestrator and two services. */
const TWICE: readonly MedicalinkApp[] = ['api-gateway', 'orchestrator', 'accounts', 'product'];
const ORCHESTRATOR_ENV = { SAGA_LEASE_MS: '2000', SAGA_RECOVERY_INTERVAL_MS: '300' };
// Holds each doctor saga at its last step long enough to kill its orchestrator there.
const ACCOUNTS_ENV = {
  FAULT_INJECTION: JSON.stringify([
    { pattern: 'accounts.permissions.assign', mode: 'slow', delayMs: 2_500 },
  ]),
};
const PER_TOKEN_LIMIT = 60;

let system: TestSystem;
printAppOutputOnFailure(() => system);
let gateways: ReturnType<typeof gatewayClient>[];
let admin: string;

beforeAll(async () => {
  system = await createSystem({
    namespace: createTestNamespace(inject('infrastructure'), 'replicas'),
    env: {
      TRUST_PROXY: '127.0.0.1,::1',
      // Longer than any wait below: only the account events can make a gateway drop a state.
      TOKEN_STATE_TTL_MS: '60000',
      RATE_LIMIT_PER_TOKEN: String(PER_TOKEN_LIMIT),
    },
  });
  const envOf = (app: MedicalinkApp) =>
    app === 'orchestrator' ? ORCHESTRATOR_ENV : app === 'accounts' ? ACCOUNTS_ENV : {};
  const starts = [...MEDICALINK_APPS, ...TWICE].map((app) =>
    system.start(app, { env: envOf(app) }),
  );
  const results = await Promise.allSettled(starts);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  gateways = replicasOf('api-gateway').map(({ url }) => gatewayClient(url));
  admin = await gateways[0]!.token(system.admin.email, system.admin.password);
}, 240_000);

afterAll(async () => {
  await system?.stop();
});

function replicasOf(app: MedicalinkApp): SystemProcess[] {
  return system.processes.filter((running) => running.app === app && running.proc.alive());
}

/** messaging_handler_duration_seconds_count summed by pattern, from one process's /metrics. */
async function handled(running: SystemProcess, pattern: RegExp): Promise<number> {
  const headers: Record<string, string> =
    running.app === 'api-gateway' ? { authorization: `Bearer ${admin}` } : {};
  const text = await (await fetch(`${running.url}/metrics`, { headers })).text();
  let total = 0;
  for (const [, name, count] of text.matchAll(
    /^messaging_handler_duration_seconds_count\{[^}]*pattern="([^"]+)"[^}]*\} (\d+)$/gm,
  )) {
    if (pattern.test(name!)) total += Number(count);
  }
  return total;
}

const handledBy = (app: MedicalinkApp, pattern: RegExp) =>
  Promise.all(replicasOf(app).map((running) => handled(running, pattern)));

async function createAccount(privilege: 'admin' | 'owner' = 'admin') {
  const email = `replica-${randomUUID().slice(0, 8)}@medicalink.local`;
  const password = `Pw-${randomUUID()}`;
  const created = await gateways[0]!.call<{ id: string }>('POST', '/accounts', {
    token: admin,
    body: { email, password, fullName: 'Replica Tester', privilege },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, email, password };
}

describe('two replicas of the gateway, the orchestrator, accounts and product', () => {
  it('shares each RPC queue between the replicas: both handle some of the calls', async () => {
    const account = await createAccount();
    const token = await gateways[0]!.token(account.email, account.password);
    const before = await Promise.all([
      handledBy('accounts', /^accounts\./),
      handledBy('product', /^product\./),
    ]);
    for (let i = 0; i < 20; i += 1) {
      const gateway = gateways[i % 2]!;
      const [one, two] = await Promise.all([
        gateway.call('GET', `/accounts/${account.id}`, { token }),
        gateway.call('GET', `/private/products?limit=5&search=r${i}`, { token }),
      ]);
      expect([one.status, two.status]).toEqual([200, 200]);
    }
    const after = await Promise.all([
      handledBy('accounts', /^accounts\./),
      handledBy('product', /^product\./),
    ]);
    for (const [service, counts] of after.entries()) {
      const done = counts.map((count, replica) => count - before[service]![replica]!);
      expect(done.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(20);
      expect(Math.min(...done), `calls per replica: ${done.join(', ')}`).toBeGreaterThan(0);
    }
  });

  it('handles a domain event once per service, and a refreshing one in every gateway', async () => {
    const account = await createAccount();
    const updated = /^staff\.account\.updated$/;
    const [orchestratorsBefore, gatewaysBefore] = await Promise.all([
      handledBy('orchestrator', updated),
      handledBy('api-gateway', updated),
    ]);
    const changes = 6;
    for (let i = 0; i < changes; i += 1) {
      const reply = await gateways[i % 2]!.call('PATCH', `/accounts/${account.id}`, {
        token: admin,
        body: { fullName: `Replica Tester ${i}` },
      });
      expect(reply.status).toBe(200);
    }
    await eventually(
      async () => {
        const sum = (counts: number[], before: number[]) =>
          counts.map((count, replica) => count - before[replica]!);
        const orchestrators = sum(await handledBy('orchestrator', updated), orchestratorsBefore);
        const perGateway = sum(await handledBy('api-gateway', updated), gatewaysBefore);
        expect(orchestrators.reduce((a, b) => a + b)).toBe(changes);
        expect(perGateway).toEqual([changes, changes]);
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    // and no more: nothing handled twice arrives late
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const late = await handledBy('orchestrator', updated);
    expect(late.reduce((a, b) => a + b) - orchestratorsBefore.reduce((a, b) => a + b)).toBe(
      changes,
    );
  });

  it('refuses a demoted account token on both gateways within seconds (not after the cache TTL)', async () => {
    const account = await createAccount('admin');
    const token = await gateways[0]!.token(account.email, account.password);
    for (const gateway of gateways) {
      expect((await gateway.call('GET', '/auth/me', { token })).status).toBe(200);
    }
    // The demotion goes through the first gateway; the second only hears of it by the event.
    const demoted = await gateways[0]!.call('PATCH', `/accounts/${account.id}`, {
      token: admin,
      body: { privilege: 'owner' },
    });
    expect(demoted.status).toBe(200);
    const started = Date.now();
    await eventually(
      async () => {
        for (const gateway of gateways) {
          expect((await gateway.call('GET', '/auth/me', { token })).status).toBe(401);
        }
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts the login failures and request limits of both gateways together, in Redis', async () => {
    const account = await createAccount('owner');
    const address = { 'x-forwarded-for': '10.77.0.1' };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const reply = await gateways[i % 2]!.call('POST', '/auth/login', {
        headers: address,
        body: { email: account.email, password: 'wrong-password-1' },
      });
      statuses.push(reply.status);
    }
    // 5 failures per address and email in all (LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL), not 5 each
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);

    const reader = await createAccount('owner');
    const token = await gateways[1]!.token(reader.email, reader.password);
    const limited: number[] = [];
    for (let i = 0; i < PER_TOKEN_LIMIT + 10; i += 1) {
      limited.push((await gateways[i % 2]!.call('GET', '/auth/me', { token })).status);
    }
    expect(limited.filter((status) => status === 200)).toHaveLength(PER_TOKEN_LIMIT);
    expect(limited.slice(PER_TOKEN_LIMIT)).toEqual(Array(10).fill(429));
  });

  it('counts a token’s live event streams over both gateways (EVENTS_STREAMS_PER_TOKEN, 5)', async () => {
    const reader = await createAccount('owner');
    const token = await gateways[0]!.token(reader.email, reader.password);
    const urls = replicasOf('api-gateway').map(({ url }) => url);
    const streams: EventStream[] = [];
    for (let i = 0; i < 5; i += 1) streams.push(await openEventStream(urls[i % 2]!, { token }));
    try {
      expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200, 200, 200]);
      for (const url of urls) {
        const refused = await openEventStream(url, { token });
        expect(refused.status).toBe(429);
      }
      // a stream closed on one gateway frees a slot on the other
      streams.shift()!.close();
      await eventually(async () => {
        const again = await openEventStream(urls[1]!, { token });
        if (again.status === 200) streams.push(again);
        expect(again.status).toBe(200);
      });
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('recovers each saga of a SIGKILLed orchestrator once, in the other, and leaves the other’s alone', async () => {
    const orchestrators = replicasOf('orchestrator');
    expect(orchestrators).toHaveLength(2);
    const emails = Array.from(
      { length: 6 },
      () => `saga-${randomUUID().slice(0, 8)}@medicalink.local`,
    );
    const replies = emails.map((email, i) =>
      gateways[i % 2]!.call('POST', '/doctors', {
        token: admin,
        body: {
          email,
          password: `Pw-${randomUUID()}`,
          fullName: 'Dr. Replica',
          specialty: 'Dermatology',
          licenseNumber: `REP-${randomUUID().slice(0, 8)}`,
        },
      }),
    );
    type Row = { id: string; business_key: string; lease_owner: string; state: string };
    const atLastStep = await eventually(
      async () => {
        const rows = await queryDatabase<Row>(
          system,
          'orchestrator',
          `SELECT s.id, s.business_key, s.lease_owner, s.state FROM sagas s
           JOIN saga_steps st ON st.saga_id = s.id
           WHERE s.business_key = ANY($1) AND st.name = 'assignPermissions' AND st.state = 'started'`,
          [emails],
        );
        expect(rows).toHaveLength(emails.length);
        return rows;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const ownerPid = (row: Row) => Number(/-(\d+)-[0-9a-f]+$/.exec(row.lease_owner)?.[1]);
    const victim =
      orchestrators.find((o) => atLastStep.some((row) => ownerPid(row) === o.proc.child.pid)) ??
      orchestrators[0]!;
    const survivor = orchestrators.find((o) => o !== victim)!;
    const survivorsOwn = atLastStep.filter((row) => ownerPid(row) === survivor.proc.child.pid);
    await victim.proc.stop('SIGKILL');

    type Ended = Row & { steps: { name: string; attempts: number }[] };
    const ended = await eventually(
      async () => {
        const rows = await queryDatabase<Ended>(
          system,
          'orchestrator',
          `SELECT s.id, s.business_key, s.lease_owner, s.state,
             json_agg(json_build_object('name', st.name, 'attempts', st.attempts)) AS steps
           FROM sagas s JOIN saga_steps st ON st.saga_id = s.id
           WHERE s.business_key = ANY($1) GROUP BY s.id`,
          [emails],
        );
        expect(rows.map((row) => row.state)).toEqual(Array(emails.length).fill('completed'));
        return rows;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    for (const saga of ended) {
      const attempts = Object.fromEntries(saga.steps.map((step) => [step.name, step.attempts]));
      // the steps done before the kill were not done again by whoever took the saga over
      expect(attempts, saga.business_key).toMatchObject({ createAccount: 1, createProfile: 1 });
    }
    // a live saga of the survivor was never taken from it (a taker would have sent the step again)
    for (const row of survivorsOwn) {
      const steps = ended.find((saga) => saga.id === row.id)!.steps;
      expect(steps.find((step) => step.name === 'assignPermissions')?.attempts).toBe(1);
    }
    const accounts = await queryDatabase<{ email: string; n: string }>(
      system,
      'accounts',
      'SELECT email, count(*) AS n FROM accounts WHERE email = ANY($1) GROUP BY email',
      [emails],
    );
    expect(accounts.map((row) => Number(row.n))).toEqual(Array(emails.length).fill(1));
    await Promise.allSettled(replies);
  });
});
