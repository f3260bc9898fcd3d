/**
 * System chaos run (`npm run chaos:system`): all six apps as processes (from dist/, in a fresh
 * test namespace), a steady mixed load through the gateway (cached reads, doctor creations,
 * product sessions created, staged and committed),
 * and during it, one at a time: RabbitMQ stopped and started (`rabbitmqctl stop_app/start_app`),
 * Redis stopped (`redis-cli shutdown nosave`) and started again, PostgreSQL restarted
 * (`pg_ctlcluster <v> main restart`), a random app SIGKILLed and restarted. Then the sagas are
 * let settle, every app stops, and the journal is checked against the participants' databases.
 *
 * THIS STOPS THE MACHINE'S REAL RABBITMQ, REDIS AND POSTGRESQL (every other user of them sees
 * the outages). It refuses to run unless CHAOS_SYSTEM_CONFIRM=yes (the npm script sets it).
 *
 * Measured: requests (every HTTP request of the load), 5xx outside fault windows (a window runs
 * from the fault until its dependency's first success after coming back, plus 3 s; a request
 * counts if it overlaps none; "no response" counts as a 5xx), lost writes (a 201 whose account
 * or doctor profile is missing, or a committed product session whose product is missing), orphans (participant rows no finished saga owns), stuck sagas
 * (still running or compensating after the settle time), recovery (from a dependency's return
 * to the first success of a request that needs it).
 *
 * Env: CHAOS_FAULTS (rabbitmq,redis,postgres,app: all by default; `app` alone touches no
 * shared service, for trying the script out), CHAOS_OUTAGE_MS (10000), CHAOS_QUIET_MS (10000, between faults), CHAOS_SETTLE_TIMEOUT_MS
 * (120000), CHAOS_WRITERS (2), CHAOS_READERS (2).
 * Last line: `chaos system: requests <n>, 5xx outside fault windows <a>, lost writes <b>,
 * orphans <c>, stuck sagas <d>, recovery p99 <s> s`.
 */
import 'reflect-metadata';
import { exec } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import {
  createTestNamespace,
  findInfrastructure,
  MEDICALINK_APPS,
  startApp,
  type ChildApp,
  type MedicalinkApp,
  type TestNamespace,
} from '@medicalink/testing';
import { commaList, positiveEnv } from '../bench/env';
import { checkSnapshot, loadSnapshot, stateCounts, type Reply } from './saga-check';

const run = promisify(exec);
const JWT_SECRET = randomBytes(48).toString('base64');
const ADMIN = {
  email: 'chaos-admin@medicalink.local',
  password: `Chaos-${randomBytes(8).toString('hex')}`,
};
const APP_ENV: Record<string, string> = {
  JWT_SECRET,
  BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
  BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  PASSWORD_HASH_COST: '1024',
  LOG_LEVEL: 'warn',
  SAGA_LEASE_MS: '3000',
  SAGA_RECOVERY_INTERVAL_MS: '500',
  SAGA_COMPENSATION_MAX_DELAY_MS: '10000',
  // The chaos run measures recovery, not the limiter: far above what the load sends.
  RATE_LIMIT_PER_TOKEN: '10000000',
  RATE_LIMIT_PER_ADDRESS: '10000000',
};
const RECOVERY_GRACE_MS = 3_000;
const POST_TIMEOUT_MS = 35_000;
const GET_TIMEOUT_MS = 10_000;

const started = Date.now();
const log = (message: string) =>
  process.stdout.write(
    `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RequestRecord {
  /** session: a product-session step or commit (needs Redis and the product service) */
  kind: 'create' | 'session' | 'list' | 'get';
  start: number;
  end: number;
  /** 0: no response */
  status: number;
  /** the read was served without Redis */
  degraded?: boolean;
}

interface FaultWindow {
  name: string;
  start: number;
  /** when the dependency came back */
  back: number;
  /** first success of a request that needs it, started after `back` */
  recovered?: number;
}

interface Created {
  email: string;
  sagaId: string;
  accountId: string;
  doctorId: string;
}

class System {
  readonly apps = new Map<MedicalinkApp, ChildApp>();
  readonly dead: ChildApp[] = [];
  gatewayUrl = '';

  constructor(readonly namespace: TestNamespace) {}

  async start(app: MedicalinkApp): Promise<void> {
    const { app: child, url } = await startApp(app, this.namespace.env(APP_ENV));
    this.apps.set(app, child);
    if (app === 'api-gateway') this.gatewayUrl = url;
  }

  async kill(app: MedicalinkApp): Promise<void> {
    const child = this.apps.get(app);
    if (!child) return;
    this.dead.push(child);
    await child.stop('SIGKILL');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.apps.values()].map((child) => child.stop('SIGTERM', 15_000)));
  }

  /** Every app's output (killed ones too) under a temp directory. */
  async saveOutput(): Promise<string> {
    const dir = join(tmpdir(), `chaos-system-${this.namespace.id}`);
    await mkdir(dir, { recursive: true });
    const all = [...this.dead, ...this.apps.values()];
    await Promise.all(
      all.map((child, i) => writeFile(join(dir, `${i}-${child.name}.log`), child.output())),
    );
    return dir;
  }

  killAllNow(): void {
    for (const child of [...this.apps.values(), ...this.dead]) {
      if (child.child.exitCode === null && child.child.signalCode === null)
        child.child.kill('SIGKILL');
    }
  }
}

/** The machine's services, as tools/scripts/infra.mjs starts them. */
const infra = {
  stopRabbit: () => run('rabbitmqctl stop_app'),
  startRabbit: () => run('rabbitmqctl start_app && rabbitmqctl await_startup'),
  stopRedis: () => run('redis-cli -p 6379 shutdown nosave').catch(() => undefined),
  startRedis: () => run('node tools/scripts/infra.mjs ensure'),
  restartPostgres: () => {
    const version = readdirSync('/etc/postgresql')[0];
    return run(`pg_ctlcluster --skip-systemctl-redirect ${version} main restart`); // fast mode
  },
};

async function main(): Promise<number> {
  const faults = commaList('CHAOS_FAULTS');
  const wants = (name: string) => faults.length === 0 || faults.includes(name);
  const touchesInfra = ['rabbitmq', 'redis', 'postgres'].some(wants);
  if (touchesInfra && process.env['CHAOS_SYSTEM_CONFIRM'] !== 'yes') {
    log(
      "refusing: this stops the machine's RabbitMQ, Redis and PostgreSQL; set CHAOS_SYSTEM_CONFIRM=yes",
    );
    return 2;
  }
  const outageMs = positiveEnv('CHAOS_OUTAGE_MS', 10_000);
  const quietMs = positiveEnv('CHAOS_QUIET_MS', 10_000);
  const settleMs = positiveEnv('CHAOS_SETTLE_TIMEOUT_MS', 120_000);
  const writers = Math.round(positiveEnv('CHAOS_WRITERS', 2));
  const readers = Math.round(positiveEnv('CHAOS_READERS', 2));

  const found = await findInfrastructure();
  const namespace = createTestNamespace(found.infrastructure, 'chaossys');
  const system = new System(namespace);
  const cleanup = async () => {
    system.killAllNow();
    await namespace
      .cleanup()
      .catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
    await found.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => {
    system.killAllNow();
    void cleanup().finally(() => process.exit(130));
  });

  try {
    // Databases are created by their first process; start the participants before the rest.
    await Promise.all(
      (['accounts', 'provider-directory'] as const).map((app) => system.start(app)),
    );
    await Promise.all(
      MEDICALINK_APPS.filter((app) => app !== 'accounts' && app !== 'provider-directory').map(
        (app) => system.start(app),
      ),
    );
    log(`all ${MEDICALINK_APPS.length} apps up in ${namespace.id}; gateway ${system.gatewayUrl}`);

    const records: RequestRecord[] = [];
    const created: Created[] = [];
    const replies = new Map<string, Reply>();
    const emails: string[] = [];
    let token = await login(system);
    let loading = true;
    let counter = 0;
    const runTag = randomBytes(3).toString('hex');

    const request = async (
      kind: RequestRecord['kind'],
      method: string,
      path: string,
      body?: unknown,
    ): Promise<{ status: number; json: unknown }> => {
      const start = Date.now();
      let status = 0;
      let json: unknown;
      try {
        const response = await fetch(`${system.gatewayUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(
            kind === 'get' || kind === 'list' ? GET_TIMEOUT_MS : POST_TIMEOUT_MS,
          ),
        });
        status = response.status;
        json = await response.json().catch(() => undefined);
      } catch {
        status = 0;
      }
      const degraded = (json as { cache?: { degraded?: boolean } } | undefined)?.cache?.degraded;
      records.push({ kind, start, end: Date.now(), status, ...(degraded ? { degraded } : {}) });
      if (status === 401) token = await login(system).catch(() => token);
      return { status, json };
    };

    const writer = async () => {
      while (loading) {
        const tag = `${runTag}-${(counter += 1)}`;
        const email = `chaos-${tag}@medicalink.test`;
        emails.push(email);
        const { status, json } = await request('create', 'POST', '/doctors', {
          email,
          password: 'a long enough password',
          fullName: `Dr. Chaos ${tag}`,
          specialty: 'Oncology',
          licenseNumber: `CHAOS-${tag}`.toUpperCase(),
        });
        if (status === 201) {
          const reply = json as Omit<Created, 'email'>;
          created.push({ email, ...reply });
          replies.set(email, { ok: true, sagaId: reply.sagaId });
        } else {
          const failure = json as { message?: string; details?: { saga?: { sagaId?: string } } };
          const sagaId = failure?.details?.saga?.sagaId;
          replies.set(email, { ok: false, code: String(status), ...(sagaId ? { sagaId } : {}) });
        }
        await sleep(100);
      }
    };
    // Product sessions (seed 001): create, stage the product, commit; a committed product must exist.
    const committed: { code: string; productGuid: string }[] = [];
    const productWriter = async () => {
      while (loading) {
        const code = `CH-${runTag}-${(counter += 1)}`.toUpperCase();
        const session = await request('session', 'POST', `${SESSIONS}/create`);
        const sessionId = (session.json as { sessionId?: string } | undefined)?.sessionId;
        if (session.status === 201 && sessionId) {
          const staged = await request('session', 'POST', `${SESSIONS}/${sessionId}/product`, {
            ...CHAOS_PRODUCT,
            productCode: code,
          });
          if (staged.status === 200) {
            const commit = await request('session', 'POST', `${SESSIONS}/${sessionId}/commit`);
            const reply = commit.json as { success?: boolean; productGuid?: string } | undefined;
            if (commit.status === 200 && reply?.success && reply.productGuid) {
              committed.push({ code, productGuid: reply.productGuid });
            }
          }
        }
        await sleep(100);
      }
    };
    const reader = async () => {
      while (loading) {
        const known = created[Math.floor(Math.random() * created.length)];
        if (known && Math.random() < 0.5) await request('get', 'GET', `/doctors/${known.doctorId}`);
        else await request('list', 'GET', '/doctors?limit=5');
        await sleep(50);
      }
    };
    const load = Promise.all([
      ...Array.from({ length: writers }, writer),
      productWriter(),
      ...Array.from({ length: readers }, reader),
    ]);

    const windows: FaultWindow[] = [];
    const fault = async (
      name: string,
      stop: () => Promise<unknown>,
      start: () => Promise<unknown>,
      /** the outage lasts CHAOS_OUTAGE_MS (a restart or a killed app comes back at once) */
      hold = true,
    ) => {
      await sleep(quietMs);
      const window: FaultWindow = { name, start: Date.now(), back: 0 };
      windows.push(window);
      log(`fault: ${name}`);
      await stop();
      if (hold) await sleep(outageMs);
      await start();
      window.back = Date.now();
      log(`back: ${name} (${((window.back - window.start) / 1000).toFixed(1)} s after the fault)`);
    };

    if (wants('rabbitmq')) await fault('rabbitmq', infra.stopRabbit, infra.startRabbit);
    if (wants('redis')) await fault('redis', infra.stopRedis, infra.startRedis);
    if (wants('postgres'))
      await fault('postgres', infra.restartPostgres, async () => undefined, false);
    const victim = MEDICALINK_APPS[
      Math.floor(Math.random() * MEDICALINK_APPS.length)
    ] as MedicalinkApp;
    if (wants('app'))
      await fault(
        `SIGKILL ${victim}`,
        () => system.kill(victim),
        () => system.start(victim),
        false,
      );
    await sleep(quietMs);
    loading = false;
    await load;
    log(
      `load stopped: ${records.length} requests, ${created.length} doctors created, ${committed.length} products committed`,
    );

    // Recovery: the first success, started after the return, of a request needing the dependency.
    for (const window of windows) {
      const needs = (r: RequestRecord) =>
        window.name === 'redis' ? r.kind !== 'create' && !r.degraded : r.kind === 'create';
      const first = records
        .filter((r) => r.start >= window.back && r.status > 0 && r.status < 500 && needs(r))
        .sort((a, b) => a.end - b.end)[0];
      if (first) window.recovered = first.end;
      log(
        `${window.name}: recovery ${first ? `${((first.end - window.back) / 1000).toFixed(2)} s` : 'none seen'}`,
      );
    }
    const inWindow = (r: RequestRecord) =>
      windows.some((w) => {
        const end = Math.max(w.back, w.recovered ?? w.back) + RECOVERY_GRACE_MS;
        return r.end >= w.start && r.start <= end;
      });
    const failuresOutside = records.filter(
      (r) => (r.status === 0 || r.status >= 500) && !inWindow(r),
    );
    for (const r of failuresOutside.slice(0, 20)) {
      log(
        `5xx outside windows: ${r.kind} ${r.status} at ${((r.start - started) / 1000).toFixed(1)} s`,
      );
    }

    // Settle: no saga running or compensating any more.
    const journal: Kysely<SagaTables> = createDatabase<SagaTables>(
      databaseUrl(found.infrastructure.postgresUrl, namespace.database('orchestrator')),
      { maxConnections: 1 },
    );
    const deadline = Date.now() + settleMs;
    for (;;) {
      const counts: Record<string, number> = await stateCounts(journal).catch(() => ({}));
      const live = (counts['running'] ?? 0) + (counts['compensating'] ?? 0);
      if (live === 0 || Date.now() > deadline) {
        log(`journal: ${JSON.stringify(counts)}`);
        break;
      }
      await sleep(1_000);
    }
    await journal.destroy();
    await system.stopAll();

    const snapshot = await loadSnapshot(namespace);
    const report = checkSnapshot(snapshot, emails, replies);
    const lost = created.filter(
      (c) => !snapshot.accounts.has(c.accountId) || !snapshot.doctors.has(c.doctorId),
    );
    for (const c of lost.slice(0, 10)) log(`lost write: ${c.email} saga ${c.sagaId}`);
    const lostProducts = await missingProducts(
      found.infrastructure.postgresUrl,
      namespace,
      committed,
    );
    for (const p of lostProducts.slice(0, 10))
      log(`lost write: product ${p.code} ${p.productGuid}`);
    // The bootstrap admin's account is the gateway's own, not a saga's.
    const orphanRows = report.orphanRows.filter((row) => !row.includes(`<${ADMIN.email}>`));
    // A creation refused before it reached the orchestrator (gateway or broker down) has no
    // saga and, unless a row of its own turns up among orphanRows, nothing to own.
    const orphans = orphanRows.length;
    log(`creations that never reached a saga (refused at the edge): ${report.unjournaled.length}`);
    for (const line of [...report.stuck, ...orphanRows, ...report.inconsistent].slice(0, 20)) {
      log(line);
    }
    const recoveries = windows
      .map((w) => (w.recovered ?? Number.NaN) - w.back)
      .filter((ms) => Number.isFinite(ms))
      .sort((a, b) => a - b);
    const p99 = recoveries.length
      ? (recoveries[
          Math.min(recoveries.length - 1, Math.ceil(recoveries.length * 0.99) - 1)
        ] as number)
      : Number.NaN;
    const status = records.reduce<Record<string, number>>((counts, r) => {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      return counts;
    }, {});
    log(`statuses: ${JSON.stringify(status)}; sagas: ${JSON.stringify(report.journalStates)}`);
    const a = failuresOutside.length;
    const d = report.outcomes.stuck;
    const lostWrites = lost.length + lostProducts.length;
    if (a + lostWrites + orphans + d > 0) log(`app output saved in ${await system.saveOutput()}`);
    process.stdout.write(
      `chaos system: requests ${records.length}, 5xx outside fault windows ${a}, lost writes ${lostWrites}, orphans ${orphans}, stuck sagas ${d}, recovery p99 ${(p99 / 1000).toFixed(2)} s\n`,
    );
    await cleanup();
    return a + lostWrites + orphans + d === 0 && recoveries.length === windows.length ? 0 : 1;
  } catch (error) {
    log(
      `chaos system failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    await run('rabbitmqctl start_app').catch(() => undefined);
    await run('node tools/scripts/infra.mjs ensure').catch(() => undefined);
    log(`app output saved in ${await system.saveOutput()}`);
    await cleanup();
    return 1;
  }
}

const SESSIONS = '/private/products/orchestrate/session';
const CHAOS_PRODUCT = {
  productName: 'Chaos workshop',
  productCategory: 3,
  productStatus: 1,
  productGlCode: 16,
  generalPrice: 199.99,
  inventory: 50,
  taxes: 13,
  productYear: '2026',
};

/** Committed products (a 200 success reply) the product database does not hold. */
async function missingProducts(
  postgresUrl: string,
  namespace: ReturnType<typeof createTestNamespace>,
  committed: readonly { code: string; productGuid: string }[],
): Promise<{ code: string; productGuid: string }[]> {
  if (committed.length === 0) return [];
  const db = createDatabase<{ products: { id: string } }>(
    databaseUrl(postgresUrl, namespace.database('product')),
    { maxConnections: 1 },
  );
  try {
    const ids = committed.map((p) => p.productGuid);
    const found = await db.selectFrom('products').select('id').where('id', 'in', ids).execute();
    const present = new Set(found.map((row) => row.id));
    return committed.filter((p) => !present.has(p.productGuid));
  } finally {
    await db.destroy();
  }
}

async function login(system: System): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${system.gatewayUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }).catch(() => undefined);
    if (response?.status === 200)
      return ((await response.json()) as { accessToken: string }).accessToken;
    if (attempt > 30) throw new Error(`login failed: ${response?.status ?? 'no response'}`);
    await sleep(1_000);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(String(error));
    process.exit(1);
  },
);
