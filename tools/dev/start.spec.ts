import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(__dirname, 'start.mjs');

/** `npm start` without starting anything: what it would run, on which ports. */
function dryRun(...args: string[]): { status: number | null; out: string; ports: string[] } {
  return dryRunWith({}, ...args);
}

function dryRunWith(
  env: Record<string, string>,
  ...args: string[]
): { status: number | null; out: string; ports: string[] } {
  const result = spawnSync(process.execPath, [script, '--dry-run', '--no-build', ...args], {
    encoding: 'utf8',
    env: { ...process.env, MEDICALINK_REPLICAS: '', ...env },
    timeout: 30_000,
  });
  const out = result.stdout + result.stderr;
  const ports = [...out.matchAll(/^start: (\S+) .*\(http port (\d+)\)$/gm)].map(
    ([, label, port]) => `${label} ${port}`,
  );
  return { status: result.status, out, ports };
}

let held: Server | undefined;
afterEach(() => held?.close());

describe('npm start --replicas', () => {
  it('runs N processes of every app, the gateways on consecutive ports from the base', () => {
    const { status, ports } = dryRun('--replicas', '2', '--base-port', '4310');
    expect(status).toBe(0);
    expect(ports).toEqual([
      'api-gateway 4310',
      'api-gateway#2 4311',
      'orchestrator 4312',
      'orchestrator#2 4313',
      'accounts 4314',
      'accounts#2 4315',
      'provider-directory 4316',
      'provider-directory#2 4317',
      'product 4318',
      'product#2 4319',
      'education 4320',
      'education#2 4321',
    ]);
  });

  it('takes --replicas=N and the replica count from MEDICALINK_REPLICAS alike', () => {
    const inline = dryRun('--replicas=3', '--base-port=4400', 'api-gateway');
    expect(inline.ports).toEqual(['api-gateway 4400', 'api-gateway#2 4401', 'api-gateway#3 4402']);
    const fromEnv = dryRunWith({ MEDICALINK_REPLICAS: '3' }, '--base-port=4400', 'api-gateway');
    expect(fromEnv.ports).toEqual(inline.ports);
  });

  it('refuses a replica count that is not a whole number from 1 to 16', () => {
    for (const bad of ['0', '17', 'two', '1.5']) {
      const { status, out } = dryRun('--replicas', bad);
      expect(status).toBe(2);
      expect(out).toContain('--replicas needs a whole number from 1 to 16');
    }
    expect(dryRun('--replicas').status).toBe(2);
  });

  it('adds a replica to a running system on the first free port (start:app)', async () => {
    held = createServer();
    const port = await new Promise<number>((resolvePort) =>
      held!.listen(0, '127.0.0.1', () => resolvePort((held!.address() as { port: number }).port)),
    );
    const { status, ports } = dryRun('--only', 'accounts', '--base-port', String(port));
    expect(status).toBe(0);
    expect(ports).toHaveLength(1);
    const [label, moved] = ports[0]!.split(' ');
    expect(label).toBe('accounts');
    expect(Number(moved)).toBeGreaterThan(port);
  });
});
