import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedicaLinkClient } from '@medicalink/sdk';
import { generatedShifts, scheduleFile } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';
import { CLI_BIN as BIN, runCli, type CliRun } from './support/cli';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let configDir: string;

beforeAll(async () => {
  system = await sharedSystem();
  configDir = mkdtempSync(join(tmpdir(), 'medicalink-cli-'));
});

afterAll(async () => {
  await releaseSystem(system);
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** `medicalink <args>` against the test system, sharing this file's config folder. */
function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  return runCli(args, {
    gatewayUrl: system.gatewayUrl,
    configDir,
    env,
    ...(stdin !== undefined && { stdin }),
  });
}

function doctorFlags() {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `cli-${tag}@medicalink.local`,
    license: `CLI-${tag}`,
    password: `Pw-${randomUUID()}\n`,
    args: [
      '--email',
      `cli-${tag}@medicalink.local`,
      '--password-stdin',
      '--full-name',
      `Dr. Cli ${tag}`,
      '--specialty',
      'Oncology',
      '--license',
      `CLI-${tag}`,
    ],
  };
}

describe('medicalink CLI (as a process, against the running system)', () => {
  it('prints help everywhere with exit 0, and exits 2 on a usage mistake', async () => {
    for (const args of [
      ['--help'],
      ['doctors', '--help'],
      ['doctors', 'create', '--help'],
      ['schedules', 'import', '--help'],
    ]) {
      const run = await cli(args);
      expect(run.status, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^Usage: medicalink/);
    }
    const wrong = await cli(['doctors', 'fly']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/unknown command 'fly'/);
  });

  it('logs in, keeps the token, and runs doctors create, get, list and sagas get with tables', async () => {
    const login = await cli(
      ['login', '--email', E2E_ADMIN.email, '--password-stdin'],
      {},
      `${E2E_ADMIN.password}\n`,
    );
    expect(login.status).toBe(0);
    expect(login.stdout).toMatch(/Logged in to .* as admin@medicalink.local/);
    expect(existsSync(join(configDir, 'session.json'))).toBe(true);

    const doctor = doctorFlags();
    const created = await cli(['doctors', 'create', ...doctor.args], {}, doctor.password);
    expect(created.stderr).toMatch(
      /doctor: createDoctor 0%\ndoctor: awaitComposite 50%\ndoctor: done 100%/,
    );
    expect(created.status).toBe(0);
    expect(created.stdout).toContain(doctor.email);
    const sagaId = /saga ([0-9a-f-]{36}) completed/.exec(created.stdout)?.[1];
    const doctorId = /^id\s+([0-9a-f-]{36})$/m.exec(created.stdout)?.[1];
    expect(sagaId).toBeDefined();
    expect(doctorId).toBeDefined();

    const got = await cli(['doctors', 'get', doctorId!]);
    expect(got.status).toBe(0);
    expect(got.stdout).toMatch(/^licenseNumber\s+CLI-/m);

    const listed = await cli(['doctors', 'list', '--search', doctor.email.slice(0, 12)]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+name\s+specialty\s+license\s+email\s+active$/m);
    expect(listed.stdout).toContain(doctor.email);

    const saga = await cli(['sagas', 'get', sagaId!]);
    expect(saga.status).toBe(0);
    expect(saga.stdout).toMatch(/: completed/);
    expect(saga.stdout).toMatch(/^createAccount\s+/m);

    const asJson = await cli(['--json', 'doctors', 'get', doctorId!]);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ success: true, data: { id: doctorId } });
  });

  it('exits 1 with the gateway error on a failure, as text and as JSON', async () => {
    const missing = await cli(['doctors', 'get', randomUUID()]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*\nstatus: 404/);

    const invalid = await cli(['--json', 'doctors', 'create', '--email', 'not-an-email']);
    expect(invalid.status).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ success: false, status: 400 });
  });

  it('health prints a table and exits 0; --watch keeps running until interrupted', async () => {
    const health = await cli(['health']);
    expect(health.status).toBe(0);
    expect(health.stdout).toMatch(/^overall: healthy/);
    expect(health.stdout).toMatch(/^accounts\s+up\s+\d+ ms/m);

    const child = spawn(process.execPath, [BIN, 'health', '--watch', '--interval', '200'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        MEDICALINK_URL: system.gatewayUrl,
        MEDICALINK_CONFIG_DIR: configDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((ready) => {
      const check = setInterval(() => {
        if (out.includes('overall:')) {
          clearInterval(check);
          ready();
        }
      }, 50);
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
  });

  it('products create runs the session workflow from JSON files, with progress lines', async () => {
    const product = join(configDir, 'product.json');
    const target = join(configDir, 'target.json');
    const code = `CLI-${randomUUID().slice(0, 8).toUpperCase()}`;
    writeFileSync(
      product,
      JSON.stringify({
        productCode: code,
        productName: 'CLI product',
        productCategory: 1,
        productStatus: 1,
        productGlCode: 2,
        generalPrice: 25.5,
        productYear: '2026',
      }),
    );
    writeFileSync(target, JSON.stringify({ osot_registration_class: [2] }));
    const env = { MEDICALINK_EMAIL: E2E_ADMIN.email, MEDICALINK_PASSWORD: E2E_ADMIN.password };

    const run = await cli(['products', 'create', '--file', product, '--target', target], env);

    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'product: createSession 0%',
      'product: addProduct 25%',
      'product: addTarget 50%',
      'product: commit 75%',
      'product: done 100%',
    ]);
    expect(run.stdout).toMatch(new RegExp(`^productCode\\s+${code}$`, 'm'));

    const again = await cli(['products', 'create', '--file', product], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^error: addProduct failed: .*\nstatus: 409$/m);
  });

  it('education register runs the registration from a JSON file', async () => {
    const sdk = createMedicaLinkClient({
      baseUrl: system.gatewayUrl,
      credentials: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    });
    const businessId = `OT-${randomUUID().slice(0, 8)}`;
    const therapist = {
      email: `ot-${randomUUID().slice(0, 8)}@medicalink.local`,
      password: `Pw-${randomUUID()}`,
    };
    const account = await sdk.createAccount({ ...therapist, fullName: 'Therapist', businessId });
    sdk.dispose();
    const file = join(configDir, 'registration.json');
    writeFileSync(
      file,
      JSON.stringify({
        userBusinessId: businessId,
        accountId: account.data!.id,
        educationData: {
          graduationYear: 2018,
          university: 'ca-universite-de-montreal',
          country: 'CA',
          degreeType: 'bachelors',
        },
      }),
    );

    const run = await cli(['education', 'register', '--file', file], {
      MEDICALINK_EMAIL: therapist.email,
      MEDICALINK_PASSWORD: therapist.password,
    });

    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^education: complete \d+%$/m);
    expect(run.stdout).toMatch(/^status\s+workflow_completed$/m);
  });

  it('schedules import on a non-TTY reports progress as plain lines (no bar control characters)', async () => {
    const sdk = createMedicaLinkClient({
      baseUrl: system.gatewayUrl,
      credentials: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    });
    const hospital = await sdk.createHospital({ name: `CLI Hospital ${randomUUID().slice(0, 8)}` });
    sdk.dispose();
    const file = join(configDir, 'roster.csv');
    writeFileSync(file, scheduleFile(generatedShifts(12), 'csv'));

    const run = await cli(
      ['schedules', 'import', file, '--hospital', hospital.data!.id, '--poll', '100'],
      {
        MEDICALINK_EMAIL: E2E_ADMIN.email,
        MEDICALINK_PASSWORD: E2E_ADMIN.password,
      },
    );

    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^import: upload 0%$/m);
    expect(run.stderr).toMatch(/^import: completed 100%$/m);
    expect(run.stderr).not.toMatch(/\u001b\[|\r/);
    expect(run.stdout).toMatch(/^import [0-9a-f-]{36}: completed$/m);
    expect(run.stdout).toMatch(/^shifts\s+12$/m);
  });
});
