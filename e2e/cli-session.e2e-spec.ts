import { createHash, randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedicaLinkClient } from '@medicalink/sdk';
import { eventually, gatewayClient, publishRaw } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { runCli, type CliRun } from './support/cli';
import { queryDatabase } from './support/database';

/** Access tokens live 5 s here, and the gateway takes them 2 s longer (its clock skew). */
const ACCESS_TOKEN_SEC = 5;
const CLOCK_SKEW_SEC = 2;

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let configDir: string;

beforeAll(async () => {
  system = await startSystem({
    JWT_EXPIRES_IN_SEC: String(ACCESS_TOKEN_SEC),
    JWT_CLOCK_SKEW_SEC: String(CLOCK_SKEW_SEC),
    // The first doctor saga fails at assignPermissions and its profile's compensation is
    // refused once: it ends compensation_failed, for `sagas retry`.
    FAULT_INJECTION: JSON.stringify([
      { pattern: 'accounts.permissions.assign', mode: 'error', times: 1 },
      { pattern: 'directory.doctor.delete', mode: 'error', times: 1 },
    ]),
  });
  // A config folder that already exists, readable by everyone: login must tighten it.
  configDir = join(mkdtempSync(join(tmpdir(), 'medicalink-cli-session-')), 'config');
  mkdirSync(configDir);
  chmodSync(configDir, 0o755);
});

afterAll(async () => {
  await system?.stop();
  if (configDir) rmSync(join(configDir, '..'), { recursive: true, force: true });
});

/** `medicalink <args>` against the test system, `stdin` written to its input. */
function cli(args: string[], stdin?: string): Promise<CliRun> {
  return runCli(args, {
    gatewayUrl: system.gatewayUrl,
    configDir,
    ...(stdin !== undefined && { stdin }),
  });
}

const sessionFile = () => join(configDir, 'session.json');
const session = () =>
  JSON.parse(readFileSync(sessionFile(), 'utf8')) as {
    accessToken: string;
    refreshToken: string;
    refreshTokenExpiresAt: string;
    remember?: boolean;
  };
const mode = (path: string) => statSync(path).mode & 0o777;
const TOKENS = /eyJ[\w-]+\.[\w-]+\.[\w-]+|mlrt_[\w-]+/;

/** Every column of a table starts where its header does: the table is aligned. */
function expectAligned(table: string) {
  const [header = '', rule = '', ...rows] = table.split('\n');
  expect(rule).toMatch(/^-+( +-+)*$/);
  const starts = [...rule.matchAll(/-+/g)].map((match) => match.index);
  expect([...header.matchAll(/\S+( \S+)*/g)].map((match) => match.index)).toEqual(starts);
  for (const row of rows) {
    for (const start of starts.slice(1)) expect(row[start - 1], row).toBe(' ');
  }
}

describe('medicalink login, renewal and logout', () => {
  it('logs in with the password on stdin, prints no token, and makes the config folder private', async () => {
    await eventually(
      async () => {
        const login = await cli(
          ['login', '--email', E2E_ADMIN.email, '--password-stdin', '--remember'],
          `${E2E_ADMIN.password}\n`,
        );
        expect(login.status, login.stderr).toBe(0);
        expect(login.stdout).toMatch(/^Logged in to .* as admin@medicalink\.local until .*\n$/);
        expect(login.stdout + login.stderr).not.toMatch(TOKENS);
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );

    expect(mode(configDir)).toBe(0o700);
    expect(mode(sessionFile())).toBe(0o600);
    const stored = session();
    expect(stored.refreshToken).toMatch(/^mlrt_/);
    expect(stored.remember).toBe(true);
    expect(Date.parse(stored.refreshTokenExpiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const asJson = await cli(
      ['--json', 'login', '--email', E2E_ADMIN.email, '--password-stdin', '--remember'],
      `${E2E_ADMIN.password}\n`,
    );
    expect(asJson.status).toBe(0);
    expect(asJson.stdout).not.toMatch(TOKENS);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      success: true,
      data: { email: E2E_ADMIN.email, accessTokenExpiresIn: ACCESS_TOKEN_SEC },
    });

    const printed = await cli(
      ['login', '--email', E2E_ADMIN.email, '--password-stdin', '--print-token', '--remember'],
      `${E2E_ADMIN.password}\n`,
    );
    expect(printed.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(printed.stderr).toMatch(/^Logged in/);
  });

  it('refuses a password argument, and asks for none without a terminal', async () => {
    const argument = await cli(['login', '--email', E2E_ADMIN.email, '--password', 'x']);
    expect(argument.status).toBe(2);
    expect(argument.stderr).toMatch(/--password is not accepted/);

    const noTerminal = await cli(['login', '--email', E2E_ADMIN.email]);
    expect(noTerminal.status).toBe(2);
    expect(noTerminal.stderr).toMatch(/no terminal .*--password-stdin or MEDICALINK_PASSWORD/);
  });

  it('renews silently across an access-token expiry, once for commands run side by side', async () => {
    const before = session();
    const http = gatewayClient(system.gatewayUrl);
    // Wait until the gateway itself refuses the stored access token.
    await eventually(
      async () => {
        const reply = await http.call('GET', '/auth/me', { token: before.accessToken });
        expect(reply.body).toMatchObject({ statusCode: 401, message: 'Token expired' });
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );

    const runs = await Promise.all([1, 2, 3].map(() => cli(['sagas', 'list', '--limit', '1'])));

    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    const after = session();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    // One rotation for the three commands: the lock let one renew, the others took its tokens.
    const family = await queryDatabase<{ tokens: number; revoked: string | null }>(
      system,
      'accounts',
      `select count(*)::int as tokens, max(f.revoked_reason) as revoked
         from refresh_tokens t join refresh_token_families f on f.id = t.family_id
        where f.id = (select family_id from refresh_tokens where token_hash = $1)`,
      [createHash('sha256').update(before.refreshToken).digest()],
    );
    expect(family).toEqual([{ tokens: 2, revoked: null }]);
  }, 120_000);

  it('sagas list, get and retry work against the system, as aligned tables and as JSON', async () => {
    const sdk = createMedicaLinkClient({
      baseUrl: system.gatewayUrl,
      credentials: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    });
    const tag = randomUUID().slice(0, 8);
    const failed = await sdk.createDoctor({
      email: `ops-${tag}@medicalink.local`,
      password: `Pw-${randomUUID()}`,
      fullName: `Dr. Ops ${tag}`,
      specialty: 'Oncology',
      licenseNumber: `OPS-${tag}`,
    });
    sdk.dispose();
    const sagaId = (failed.details?.['saga'] as { sagaId?: string } | undefined)?.sagaId;
    expect(failed.details?.['saga']).toMatchObject({ state: 'compensation_failed' });

    const list = await cli(['sagas', 'list']);
    expect(list.status).toBe(0);
    const table = list.stdout.split('\n').slice(0, -2).join('\n');
    expect(table).toMatch(/^id\s+type\s+state\s+steps\s+problem\s+created\s+updated$/m);
    expectAligned(table);
    expect(list.stdout).toMatch(
      new RegExp(
        `^${sagaId}\\s+doctor-creation\\s+compensation_failed\\s+\\d/\\d undone\\s+createProfile: INJECTED_FAULT\\s+\\d{4}-`,
        'm',
      ),
    );
    expect(list.stdout).toMatch(/^page 1 of 1 \(1 saga\)$/m);

    const filtered = await cli([
      '--json',
      'sagas',
      'list',
      '--state',
      'compensation_failed',
      '--type',
      'doctor-creation',
      '--since',
      '10m',
    ]);
    expect(JSON.parse(filtered.stdout)).toMatchObject({
      success: true,
      data: { data: [{ id: sagaId, state: 'compensation_failed' }], meta: { total: 1 } },
    });
    expect((await cli(['sagas', 'list', '--since', '2999-01-01'])).stdout).toBe('no sagas\n');
    const badState = await cli(['sagas', 'list', '--state', 'sleeping']);
    expect(badState.status).toBe(2);
    expect(badState.stderr).toMatch(/Allowed choices are running, completed/);

    const retried = await cli(['sagas', 'retry', sagaId!]);
    expect(retried.status).toBe(0);
    expect(retried.stdout).toMatch(new RegExp(`^saga ${sagaId} is compensating again`));
    await eventually(
      async () => {
        const got = await cli(['sagas', 'get', sagaId!]);
        expect(got.stdout).toMatch(/\(doctor-creation\): compensated$/m);
        expectAligned(got.stdout.split('\n').slice(1, -1).join('\n'));
      },
      { timeoutMs: 20_000 },
    );
    const again = await cli(['sagas', 'retry', sagaId!]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/only a compensation_failed saga can be retried\nstatus: 409/);
  });

  it('dead-letters list and replay work against the system', async () => {
    const ids = [`cli-dead-${randomUUID().slice(0, 8)}`, `cli-dead-${randomUUID().slice(0, 8)}`];
    for (const id of ids) {
      await publishRaw(
        system.namespace.infrastructure.rabbitmqUrl,
        { exchange: `${system.namespace.prefix}.events`, routingKey: 'doctor.profile.deleted' },
        JSON.stringify({ doctorId: 'not-a-uuid' }),
        { messageId: id, type: 'doctor.profile.deleted', persistent: true },
      );
    }
    const listed = await eventually(async () => {
      const run = await cli(['dead-letters', 'list', 'orchestrator']);
      expect(run.status).toBe(0);
      for (const id of ids) expect(run.stdout).toContain(id);
      return run;
    });
    const lines = listed.stdout.split('\n');
    expectAligned(lines.slice(0, -2).join('\n'));
    expect(lines[0]).toMatch(/^id\s+pattern\s+error\s+attempts\s+failed at$/);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${ids[0]}\\s+doctor\\.profile\\.deleted\\s+VALIDATION_FAILED: Invalid payload`,
        'm',
      ),
    );
    expect(listed.stdout).toMatch(/^page 1 of 1 \(2 dead letters in orchestrator's queue\)$/m);

    const one = await cli(['dead-letters', 'replay', 'orchestrator', ids[0]!]);
    expect(one).toMatchObject({ status: 0, stdout: 'replayed 1 message to orchestrator\n' });
    const nothingNamed = await cli(['dead-letters', 'replay', 'orchestrator']);
    expect(nothingNamed.status).toBe(2);
    // The replayed message is still broken: it comes back, and --all sends both again.
    await eventually(async () => {
      expect((await cli(['dead-letters', 'list', 'orchestrator'])).stdout).toContain(ids[0]);
    });
    const all = await cli(['--json', 'dead-letters', 'replay', 'orchestrator', '--all']);
    expect(JSON.parse(all.stdout)).toMatchObject({ success: true, data: { replayed: 2 } });
    const unknown = await cli(['dead-letters', 'list', 'billing']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/service: must be one of gateway, orchestrator/);
  });

  it('logout revokes the session at the gateway and forgets it here', async () => {
    const { refreshToken } = session();

    const out = await cli(['logout']);

    expect(out).toMatchObject({
      status: 0,
      stdout: `Logged out: every session of ${E2E_ADMIN.email} is revoked\n`,
    });
    expect(existsSync(sessionFile())).toBe(false);
    const refused = await gatewayClient(system.gatewayUrl).call('POST', '/auth/refresh', {
      body: { refreshToken },
    });
    expect(refused).toMatchObject({
      status: 401,
      body: { details: { code: 'REFRESH_TOKEN_REVOKED' } },
    });
    const later = await cli(['sagas', 'list']);
    expect(later.status).toBe(1);
    expect(later.stderr).toMatch(/status: 401[\s\S]*hint: sign in with `medicalink login`/);
    expect((await cli(['logout'])).stdout).toMatch(/^Not logged in to /);
  });
});
