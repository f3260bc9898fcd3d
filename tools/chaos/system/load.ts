/**
 * The steady load of a system chaos run, through the gateway: doctor creations, composite reads
 * and lists, product sessions (created, staged, committed), education registrations (the whole
 * workflow) and schedule imports. Every request is recorded with its timing and status; every
 * write with what the client was told. Once the faults are over, settle() finishes what a
 * careful client would (an idempotent retry of each write whose answer was lost) and reads each
 * write's final state, so the check compares the databases with what the system finally said.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { generatedShifts, scheduleFile, sleep, type TestSystem } from '@medicalink/testing';
import type { RequestKind, RequestRecord } from './model';
import type { DoctorWrite, ImportWrite, ProductWrite, RegistrationWrite, Writes } from './writes';

const SESSIONS = '/private/products/orchestrate/session';
const WRITE_TIMEOUT_MS = 35_000;
const READ_TIMEOUT_MS = 10_000;
/** tries of an idempotent retry once the faults are over, 2 s apart */
const SETTLE_TRIES = 5;

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
const EDUCATION = {
  graduationYear: 2021,
  university: 'ca-mcmaster-university',
  country: 'CA',
  degreeType: 'masters',
  college: 'Humber College',
} as const;

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** A 4xx: the system's definite "no"; a 5xx or no response leaves the outcome open. */
const definite = (status: number) => status >= 200 && status < 500;

/** Every process of a chaos run: quick saga recovery, and limits far above what the load sends. */
export const CHAOS_APP_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  SAGA_LEASE_MS: '3000',
  SAGA_RECOVERY_INTERVAL_MS: '500',
  SAGA_COMPENSATION_MAX_DELAY_MS: '10000',
  // A chaos run measures recovery, not the limiter.
  RATE_LIMIT_PER_TOKEN: '10000000',
  RATE_LIMIT_PER_ADDRESS: '10000000',
};

export interface LoadOptions {
  doctorWriters: number;
  readers: number;
  log: (line: string) => void;
  /**
   * The gateway base URL of each request, asked anew for every one (several gateways: a
   * client-side load balancer); default the system's latest gateway process.
   */
  gatewayUrl?: () => string;
}

export class ChaosLoad {
  readonly records: RequestRecord[] = [];
  readonly writes: Writes = { doctors: [], products: [], registrations: [], imports: [] };
  private readonly run = randomBytes(3).toString('hex');
  private counter = 0;
  private running = false;
  private loops: Promise<unknown> | undefined;
  private token = '';
  /** the last status each final-state read answered, by path */
  private readonly lastRead = new Map<string, number>();
  /** commit statuses of the product sessions, by session, for settle() */
  private readonly commitStatus = new Map<string, number>();
  /** the last answer to each registration run and import upload, by idempotency key */
  private readonly lastStatus = new Map<string, number>();
  /** the upload of each import, by idempotency key, to send it again */
  private readonly uploads = new Map<string, { hospitalId: string }>();
  private readonly accountsUsed = new Set<string>();

  constructor(
    private readonly system: TestSystem,
    private readonly options: LoadOptions,
  ) {}

  async start(): Promise<void> {
    this.token = await this.system.token();
    this.running = true;
    this.loops = Promise.all([
      ...Array.from({ length: this.options.doctorWriters }, () =>
        this.loop(() => this.doctor(), 100),
      ),
      this.loop(() => this.product(), 100),
      this.loop(() => this.registration(), 200),
      this.loop(() => this.scheduleImport(), 1_000),
      ...Array.from({ length: this.options.readers }, () => this.loop(() => this.read(), 50)),
    ]);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loops;
  }

  private async loop(step: () => Promise<void>, pauseMs: number): Promise<void> {
    while (this.running) {
      await step().catch((error: unknown) =>
        this.options.log(`load step failed: ${String(error)}`),
      );
      await sleep(pauseMs);
    }
  }

  private tag(): string {
    return `${this.run}-${(this.counter += 1)}`;
  }

  /**
   * One gateway request (to the gateway options.gatewayUrl names, by default the current
   * process: a killed one is replaced on another port); recorded under `kind` unless it is part
   * of the check (undefined).
   */
  private async request(
    kind: RequestKind | undefined,
    method: string,
    path: string,
    options: { body?: unknown; form?: FormData; idempotencyKey?: string } = {},
  ): Promise<Answer> {
    const start = Date.now();
    let status = 0;
    let body: Record<string, unknown> | undefined;
    try {
      const gateway = this.options.gatewayUrl?.() ?? this.system.gatewayUrl;
      const response = await fetch(`${gateway}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        body:
          options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
        signal: AbortSignal.timeout(
          kind === 'read' || kind === 'list' ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS,
        ),
      });
      status = response.status;
      body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    } catch {
      status = 0;
    }
    if (kind) {
      const degraded = (body?.['cache'] as { degraded?: boolean } | undefined)?.degraded;
      this.records.push({
        kind,
        start,
        end: Date.now(),
        status,
        ...(degraded ? { degraded } : {}),
      });
    }
    if (status === 401) this.token = await this.system.token().catch(() => this.token);
    return { status, body };
  }

  private async doctor(): Promise<void> {
    const tag = this.tag();
    const write: DoctorWrite = { email: `chaos-${tag}@medicalink.test` };
    this.writes.doctors.push(write);
    const { status, body } = await this.request('doctor', 'POST', '/doctors', {
      body: {
        email: write.email,
        password: 'a long enough password',
        fullName: `Dr. Chaos ${tag}`,
        specialty: 'Oncology',
        licenseNumber: `CHAOS-${tag}`.toUpperCase(),
      },
    });
    if (status === 0) return; // no reply: the journal alone tells
    if (status === 201) {
      const created = body as { sagaId: string; accountId: string; doctorId: string };
      write.created = created;
      write.reply = { ok: true, sagaId: created.sagaId };
      return;
    }
    const details = body?.['details'] as
      { code?: string; saga?: { sagaId?: string; state?: string } } | undefined;
    write.reply = {
      ok: false,
      code: details?.code ?? String(status),
      ...(details?.saga?.sagaId ? { sagaId: details.saga.sagaId } : {}),
      ...(details?.saga?.state ? { state: details.saga.state } : {}),
    };
  }

  private async read(): Promise<void> {
    const created = this.writes.doctors.filter((write) => write.created);
    const known = created[Math.floor(Math.random() * created.length)]?.created;
    if (known && Math.random() < 0.5)
      await this.request('read', 'GET', `/doctors/${known.doctorId}`);
    else await this.request('list', 'GET', '/doctors?limit=5');
  }

  private async product(): Promise<void> {
    const created = await this.request('session', 'POST', `${SESSIONS}/create`);
    const sessionId = created.body?.['sessionId'];
    if (created.status !== 201 || typeof sessionId !== 'string') return;
    const write: ProductWrite = { sessionId, code: `CH-${this.tag()}`.toUpperCase() };
    this.writes.products.push(write);
    const staged = await this.request('session', 'POST', `${SESSIONS}/${sessionId}/product`, {
      body: { ...CHAOS_PRODUCT, productCode: write.code },
    });
    if (staged.status !== 200) return;
    await this.commit(write, 'commit');
  }

  private async commit(write: ProductWrite, kind: RequestKind | undefined): Promise<void> {
    const reply = await this.request(kind, 'POST', `${SESSIONS}/${write.sessionId}/commit`);
    this.commitStatus.set(write.sessionId, reply.status);
    const guid = reply.body?.['productGuid'];
    if (reply.status === 200 && typeof guid === 'string') write.committedGuid ??= guid;
  }

  private async registration(): Promise<void> {
    const account = this.writes.doctors.find(
      (write) => write.created && !this.accountsUsed.has(write.created.accountId),
    )?.created?.accountId;
    if (!account) return;
    this.accountsUsed.add(account);
    const write: RegistrationWrite = {
      idempotencyKey: randomUUID(),
      userBusinessId: `CHAOS-${this.tag()}`.toUpperCase(),
      accountId: account,
    };
    this.writes.registrations.push(write);
    await this.runRegistration(write, 'registration');
  }

  private async runRegistration(
    write: RegistrationWrite,
    kind: RequestKind | undefined,
  ): Promise<void> {
    const reply = await this.request(kind, 'POST', '/education/registrations/run', {
      body: {
        userBusinessId: write.userBusinessId,
        accountId: write.accountId,
        educationData: EDUCATION,
      },
      idempotencyKey: write.idempotencyKey,
    });
    this.lastStatus.set(write.idempotencyKey, reply.status);
    const session = reply.body?.['session'] as
      { sessionId: string; status: string; createdEducationId: string | null } | undefined;
    if (reply.status === 201 && session) {
      write.final = {
        sessionId: session.sessionId,
        status: session.status,
        createdEducationId: session.createdEducationId,
      };
      if (reply.body?.['completed'] === true && session.createdEducationId)
        write.completedRecordId ??= session.createdEducationId;
    } else if (definite(reply.status) && !write.final) write.refused = reply.status;
  }

  private async scheduleImport(): Promise<void> {
    // A hospital per import: imports of one hospital run one at a time.
    const hospital = await this.request(undefined, 'POST', '/hospitals', {
      body: { name: `Chaos hospital ${this.tag()}` },
      idempotencyKey: randomUUID(),
    });
    const hospitalId = hospital.body?.['id'];
    if (hospital.status !== 201 || typeof hospitalId !== 'string') return;
    const write: ImportWrite = { idempotencyKey: randomUUID() };
    this.writes.imports.push(write);
    this.uploads.set(write.idempotencyKey, { hospitalId });
    await this.upload(write, 'import');
  }

  private async upload(write: ImportWrite, kind: RequestKind | undefined): Promise<void> {
    const { hospitalId } = this.uploads.get(write.idempotencyKey)!;
    const form = new FormData();
    form.append('hospitalId', hospitalId);
    form.append('file', new Blob([scheduleFile(generatedShifts(20), 'csv')]), 'chaos.csv');
    const reply = await this.request(kind, 'POST', '/schedules/imports', {
      form,
      idempotencyKey: write.idempotencyKey,
    });
    this.lastStatus.set(write.idempotencyKey, reply.status);
    const importId = reply.body?.['importId'];
    if (reply.status === 202 && typeof importId === 'string') write.importId ??= importId;
    else if (definite(reply.status) && !write.importId) write.refused = reply.status;
  }

  /**
   * What a careful client does once the faults are over: each write whose answer was lost (no
   * response, a 5xx) or that stopped half-way is sent again under its idempotency key until it
   * gets a definite answer. Not recorded as load.
   */
  async retryUnsettled(): Promise<void> {
    for (let attempt = 1; attempt <= SETTLE_TRIES; attempt += 1) {
      const products = this.writes.products.filter((write) => {
        const status = this.commitStatus.get(write.sessionId);
        return status !== undefined && !definite(status);
      });
      const registrations = this.writes.registrations.filter(
        (write) => write.refused === undefined && !write.completedRecordId,
      );
      const imports = this.writes.imports.filter(
        (write) => !write.importId && write.refused === undefined,
      );
      if (products.length + registrations.length + imports.length === 0) return;
      this.options.log(
        `settling (try ${attempt}): ${products.length} commits, ${registrations.length} registrations, ${imports.length} uploads without a definite answer`,
      );
      for (const write of products) await this.commit(write, undefined);
      for (const write of registrations) await this.runRegistration(write, undefined);
      for (const write of imports) await this.upload(write, undefined);
      await sleep(2_000);
    }
  }

  /** Reads each write's final state (after the sagas have settled). */
  async readFinalStates(): Promise<void> {
    let unread = 0;
    const read = async (path: string): Promise<Record<string, unknown> | undefined> => {
      let reply: Answer = { status: 0, body: undefined };
      for (let attempt = 1; attempt <= SETTLE_TRIES; attempt += 1) {
        reply = await this.request(undefined, 'GET', path);
        this.lastRead.set(path, reply.status);
        if (reply.status === 200) return reply.body;
        if (definite(reply.status) && reply.status !== 401) break;
        await sleep(2_000);
      }
      if ((unread += 1) <= 5)
        this.options.log(`could not read ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return undefined;
    };
    for (const write of this.writes.products) {
      const path = `${SESSIONS}/${write.sessionId}/progress`;
      const progress = await read(path);
      if (progress)
        write.final = {
          state: String(progress['state']),
          productGuid: typeof progress['productGuid'] === 'string' ? progress['productGuid'] : null,
        };
      else if (this.lastRead.get(path) === 404) write.final = { state: 'gone', productGuid: null };
    }
    for (const write of this.writes.registrations) {
      if (!write.final) continue;
      const view = await read(`/education/registrations/${write.final.sessionId}`);
      if (view)
        write.final = {
          sessionId: write.final.sessionId,
          status: String(view['status']),
          createdEducationId:
            typeof view['createdEducationId'] === 'string' ? view['createdEducationId'] : null,
        };
    }
    for (const write of this.writes.imports) {
      if (!write.importId) continue;
      const view = await read(`/schedules/imports/${write.importId}`);
      const result = view?.['result'] as { scheduleVersionId?: string | null } | undefined;
      if (view)
        write.final = {
          status: String(view['status']),
          scheduleVersionId: result?.scheduleVersionId ?? null,
        };
    }
  }
}
