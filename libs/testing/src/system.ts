import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MEDICALINK_APPS, type MedicalinkApp } from './apps';
import { gatewayClient } from './gateway-client';
import { findInfrastructure, type Infrastructure } from './infrastructure';
import { createTestNamespace, type TestNamespace } from './namespace';
import { spawnApp, type ChildApp } from './processes';

/** The bootstrap `main` account of a system (BOOTSTRAP_ADMIN_EMAIL / _PASSWORD). */
export interface SystemAdmin {
  email: string;
  password: string;
}

export interface SystemOptions {
  /**
   * Where the apps run. Default: a new namespace on the infrastructure findInfrastructure()
   * finds; stop() removes it either way.
   */
  namespace?: TestNamespace;
  /** label of a new namespace (its id starts with it) */
  label?: string;
  /** settings every process gets, over the system's defaults (see systemEnv) */
  env?: Record<string, string>;
  /** the bootstrap main account; default a fresh one */
  admin?: SystemAdmin;
  /** false: no bootstrap main account at all (a run that counts every account as its own) */
  bootstrapAdmin?: boolean;
  /** node flags of a process by its label, e.g. --cpu-prof */
  nodeFlags?: (label: string) => string[];
  /** how long one process may take to answer its /health; default 90 s */
  upTimeoutMs?: number;
}

/** One process of the system; an app may have several (replicas, or restarts after a kill). */
export interface SystemProcess {
  app: MedicalinkApp;
  /** unique within the system: the app's name, or the label given to start() */
  label: string;
  proc: ChildApp;
  /** its HTTP base (/health, /metrics; the gateway's API) */
  url: string;
}

export interface StartOptions {
  /** default the app's name, `<app>#2` for its second process, and so on */
  label?: string;
  /** this process's own settings, over the system's */
  env?: Record<string, string>;
}

/**
 * MedicaLink's apps as processes from dist/ (`npm run build`) in a private namespace, on ports
 * the OS picks: the one way tests, benches and chaos runs start the system. Every process it
 * ever started (killed ones too) stays listed, so its output can be saved and nothing outlives
 * stop().
 */
export class TestSystem {
  readonly admin: SystemAdmin;
  private readonly all: SystemProcess[] = [];
  private readonly latest = new Map<MedicalinkApp, SystemProcess>();
  private readonly env: Record<string, string>;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly namespace: TestNamespace,
    private readonly options: SystemOptions = {},
    /** stops infrastructure this system started itself (containers) */
    private readonly releaseInfrastructure: () => Promise<void> = async () => undefined,
  ) {
    this.admin = options.admin ?? {
      email: 'system-main@medicalink.local',
      password: `System-${randomBytes(12).toString('hex')}`,
    };
    this.env = systemEnv(
      namespace,
      options.bootstrapAdmin === false ? null : this.admin,
      options.env,
    );
  }

  get infrastructure(): Infrastructure {
    return this.namespace.infrastructure;
  }

  /** The latest process of each app started so far. */
  get apps(): ReadonlyMap<MedicalinkApp, ChildApp> {
    return new Map([...this.latest].map(([app, running]) => [app, running.proc]));
  }

  /** Each started app's HTTP base (of its latest process). */
  get urls(): Partial<Record<MedicalinkApp, string>> {
    return Object.fromEntries([...this.latest].map(([app, running]) => [app, running.url]));
  }

  /** The gateway's base URL; throws when this system has no gateway. */
  get gatewayUrl(): string {
    const gateway = this.latest.get('api-gateway');
    if (!gateway) throw new Error('this system runs no api-gateway');
    return gateway.url;
  }

  /** Every process started, in start order, dead or alive. */
  get processes(): readonly SystemProcess[] {
    return this.all;
  }

  /** Starts one process of `app` and waits for its /health. */
  async start(app: MedicalinkApp, options: StartOptions = {}): Promise<SystemProcess> {
    if (this.stopping) throw new Error(`the system is stopping: not starting ${app}`);
    const count = this.all.filter((running) => running.app === app).length;
    const label = options.label ?? (count === 0 ? app : `${app}#${count + 1}`);
    if (this.all.some((running) => running.label === label))
      throw new Error(`a process labelled ${label} was started already`);
    const child = spawnApp(
      app,
      { ...this.env, ...options.env },
      this.options.nodeFlags?.(label) ?? [],
    );
    const running: SystemProcess = { app, label, proc: child, url: '' };
    this.all.push(running); // before waiting: one that never comes up is still stopped
    running.url = await child.up(this.options.upTimeoutMs ?? 90_000);
    this.latest.set(app, running);
    return running;
  }

  /** Starts one process of each app at once; default all six. */
  async startApps(apps: readonly MedicalinkApp[] = MEDICALINK_APPS): Promise<void> {
    const results = await Promise.allSettled(apps.map((app) => this.start(app)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Stops the latest process of `app` (SIGKILL by default: a crash); start() brings it back. */
  async kill(app: MedicalinkApp, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.latest.get(app)?.proc.stop(signal);
  }

  /** A bearer token of the bootstrap main account. */
  token(): Promise<string> {
    if (this.options.bootstrapAdmin === false)
      return Promise.reject(new Error('this system has no bootstrap main account'));
    return gatewayClient(this.gatewayUrl).token(this.admin.email, this.admin.password);
  }

  /** What every process printed, each under its label (the last `tailChars` of each). */
  output(tailChars = 4_000): string {
    return this.all
      .map(
        ({ label, proc }) => `--- ${label} (${state(proc)}):\n${proc.output().slice(-tailChars)}`,
      )
      .join('\n');
  }

  /** Writes each process's output to `<dir>/<label>.log`; resolves with the directory. */
  async saveOutput(dir: string): Promise<string> {
    await mkdir(dir, { recursive: true });
    await Promise.all(
      this.all.map(({ label, proc }) =>
        writeFile(join(dir, `${label.replace(/[^a-z0-9#_-]/gi, '_')}.log`), proc.output()),
      ),
    );
    return dir;
  }

  /** Sends `signal` to every live process (SIGKILL after `graceMs`); the namespace stays. */
  async stopApps(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    await Promise.all(this.all.map(({ proc }) => proc.stop(signal, graceMs).catch(() => null)));
  }

  /** Synchronous last resort (exit handlers): SIGKILL whatever is still alive. */
  killAllNow(): void {
    for (const { proc } of this.all) if (proc.alive()) proc.child.kill('SIGKILL');
  }

  /** Stops every process, then removes the namespace (queues, keys, databases); idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.stopApps();
      await this.namespace.cleanup();
      await this.releaseInfrastructure();
    })();
    return this.stopping;
  }
}

/**
 * The settings of every process of a system: the namespace's (prefixes, databases) and a fresh
 * JWT secret, saga input key and bootstrap main account, so no run shares a secret with a
 * deployment; a cheap password hash (scrypt at the production cost would measure hashing).
 */
export function systemEnv(
  namespace: TestNamespace,
  admin: SystemAdmin | null,
  extra: Record<string, string> = {},
): Record<string, string> {
  return namespace.env({
    JWT_SECRET: randomBytes(48).toString('base64'),
    SAGA_INPUT_KEY: randomBytes(32).toString('hex'),
    ...(admin
      ? { BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password }
      : {}),
    PASSWORD_HASH_COST: '1024',
    ...extra,
  });
}

/**
 * A system with nothing started yet: register its stop() (Ctrl-C, failures) before starting
 * anything, then start() or startApps(). Without a namespace it finds the infrastructure and
 * makes one.
 */
export async function createSystem(options: SystemOptions = {}): Promise<TestSystem> {
  if (options.namespace) return new TestSystem(options.namespace, options);
  const found = await findInfrastructure();
  const namespace = createTestNamespace(found.infrastructure, options.label ?? 'sys');
  return new TestSystem(namespace, options, () => found.stop());
}

/**
 * createSystem, then `apps` (default all six) started at once. A start that fails stops what
 * did start and removes the namespace before rethrowing.
 */
export async function startSystem(
  options: SystemOptions & { apps?: readonly MedicalinkApp[] } = {},
): Promise<TestSystem> {
  const system = await createSystem(options);
  try {
    await system.startApps(options.apps);
    return system;
  } catch (error) {
    system.killAllNow(); // nothing to drain: it never served
    await system.stop().catch(() => undefined);
    throw error;
  }
}

function state(proc: ChildApp): string {
  const { exitCode, signalCode } = proc.child;
  return proc.alive() ? 'running' : `exited (${exitCode ?? signalCode})`;
}
