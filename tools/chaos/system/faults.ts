/**
 * The faults of a system chaos run. Infrastructure faults act on THE MACHINE'S OWN services (as
 * tools/scripts/infra.mjs starts them), so everyone using them sees the outage; app faults
 * SIGKILL one process of the run and start a new one.
 */
import { exec } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MEDICALINK_APPS, repoRoot, sleep, type TestSystem } from '@medicalink/testing';
import type { Dependency, FaultWindow } from './model';

const execAsync = promisify(exec);
/** Runs a command on the machine's services: only in a run confirmed for it (the npm script). */
const run = (command: string) => {
  if (process.env['CHAOS_SYSTEM_CONFIRM'] !== 'yes')
    return Promise.reject(new Error(`not confirmed (CHAOS_SYSTEM_CONFIRM=yes): ${command}`));
  return execAsync(command);
};
const infraScript = () => join(repoRoot(), 'tools/scripts/infra.mjs');

export const INFRASTRUCTURE_FAULTS = ['rabbitmq', 'redis', 'postgres'] as const;
/** CHAOS_FAULTS names: the three services, and `app` for every app in turn */
export const FAULT_GROUPS = [...INFRASTRUCTURE_FAULTS, 'app'] as const;

export interface Fault {
  name: string;
  dependency: Dependency;
  stop: () => Promise<unknown>;
  start: () => Promise<unknown>;
  /** the outage lasts CHAOS_OUTAGE_MS; a restart or a killed app comes back at once */
  hold: boolean;
}

function infrastructureFault(name: (typeof INFRASTRUCTURE_FAULTS)[number]): Fault {
  switch (name) {
    case 'rabbitmq':
      return {
        name,
        dependency: name,
        stop: () => run('rabbitmqctl stop_app'),
        start: () => run('rabbitmqctl start_app && rabbitmqctl await_startup'),
        hold: true,
      };
    case 'redis':
      return {
        name,
        dependency: name,
        stop: () => run('redis-cli -p 6379 shutdown nosave').catch(() => undefined),
        start: () => run(`node ${infraScript()} ensure`),
        hold: true,
      };
    case 'postgres':
      return {
        name,
        dependency: name,
        // fast mode: open connections are cut, as in a crash and restart
        stop: () =>
          run(
            `pg_ctlcluster --skip-systemctl-redirect ${readdirSync('/etc/postgresql')[0]} main restart`,
          ),
        start: async () => undefined,
        hold: false,
      };
  }
}

/**
 * The faults of one round, in order: each wanted infrastructure service, then (with `app`) a
 * SIGKILL of every app in turn, each restarted at once.
 */
export function roundOfFaults(system: TestSystem, wanted: readonly string[]): Fault[] {
  const wants = (name: string) => wanted.length === 0 || wanted.includes(name);
  return [
    ...INFRASTRUCTURE_FAULTS.filter(wants).map(infrastructureFault),
    ...(wants('app')
      ? MEDICALINK_APPS.map((app): Fault => ({
          name: `SIGKILL ${app}`,
          dependency: app,
          stop: () => system.kill(app),
          start: () => system.start(app),
          hold: false,
        }))
      : []),
  ];
}

/** Runs `fault` after `quietMs` of normal load and records its window. */
export async function strike(
  fault: Fault,
  options: { quietMs: number; outageMs: number; log: (line: string) => void },
): Promise<FaultWindow> {
  await sleep(options.quietMs);
  const start = Date.now();
  options.log(`fault: ${fault.name}`);
  await fault.stop();
  if (fault.hold) await sleep(options.outageMs);
  await fault.start();
  const back = Date.now();
  options.log(`back: ${fault.name} (${((back - start) / 1000).toFixed(1)} s after the fault)`);
  return { name: fault.name, dependency: fault.dependency, start, back };
}

/** After a run that broke off: the machine's services running again, whatever state they are in. */
export async function restoreInfrastructure(): Promise<void> {
  await run('rabbitmqctl start_app').catch(() => undefined);
  await run(`node ${infraScript()} ensure`).catch(() => undefined);
}
