import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sdkRoot = resolve(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A stand-in gateway: login, and GET /doctors?ids= answering the ids asked for. */
function stubGateway(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    const url = new URL(req.url ?? '/', 'http://stub');
    if (url.pathname === '/auth/login') {
      res.end(JSON.stringify({ accessToken: 'stub-token', tokenType: 'Bearer', expiresIn: 900 }));
      return;
    }
    if (url.pathname === '/doctors' && req.headers.authorization === 'Bearer stub-token') {
      const ids = (url.searchParams.get('ids') ?? '').split(',');
      res.end(
        JSON.stringify({
          data: ids.map((id) => ({ id, fullName: `Dr ${id}` })),
          meta: {},
          cache: { hit: false, ttl: 300 },
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ statusCode: 404, message: 'Not found', operationId: 'x' }));
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () =>
      ready({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
      }),
    ),
  );
}

const consumer = (load: string, baseUrl: string) => `${load}
const client = createMedicaLinkClient({
  baseUrl: ${JSON.stringify(baseUrl)},
  credentials: { email: 'a@example.com', password: 'a long password' },
});
Promise.all([client.getDoctor('d1'), client.getDoctor('d2')]).then((results) => {
  console.log(JSON.stringify({ ids: results.map((r) => r.data && r.data.id), metrics: client.getMetrics().totalOperations }));
  client.dispose();
});
`;

describe('npm pack of @medicalink/sdk', () => {
  let project: string;
  let gateway: Awaited<ReturnType<typeof stubGateway>>;

  beforeAll(async () => {
    gateway = await stubGateway();
    project = mkdtempSync(join(tmpdir(), 'medicalink-sdk-consumer-'));
    execFileSync(process.execPath, [join(sdkRoot, 'scripts/build-package.mjs')], { stdio: 'pipe' });
    const packDir = join(project, 'pack');
    mkdirSync(packDir);
    execFileSync(npm, ['pack', '--pack-destination', packDir], { cwd: sdkRoot, stdio: 'pipe' });
    const tarball = join(packDir, readdirSync(packDir)[0]!);
    const app = join(project, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    // The SDK has no runtime dependency, so this needs no registry.
    execFileSync(
      npm,
      ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      {
        cwd: app,
        stdio: 'pipe',
      },
    );
  }, 120_000);

  afterAll(async () => {
    await new Promise((done) => gateway?.server.close(done));
    if (project) rmSync(project, { recursive: true, force: true });
  });

  // Asynchronously: the stub gateway answers from this process's event loop.
  const run = async (file: string) => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [file], {
      cwd: join(project, 'app'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    return JSON.parse(stdout.trim()) as unknown;
  };

  it('installs with no dependencies and ships only dist, README and package.json', () => {
    const modules = join(project, 'app/node_modules');
    expect(readdirSync(modules).filter((name) => !name.startsWith('.'))).toEqual(['@medicalink']);
    expect(readdirSync(join(modules, '@medicalink'))).toEqual(['sdk']);
    const installed = readdirSync(join(project, 'app/node_modules/@medicalink/sdk')).sort();
    expect(installed).toEqual(['README.md', 'dist', 'package.json']);
  });

  it('works from CommonJS (require) and from ESM (import), batching two getDoctor calls', async () => {
    writeFileSync(
      join(project, 'app/main.cjs'),
      consumer(`const { createMedicaLinkClient } = require('@medicalink/sdk');`, gateway.url),
    );
    writeFileSync(
      join(project, 'app/main.mjs'),
      consumer(`import { createMedicaLinkClient } from '@medicalink/sdk';`, gateway.url),
    );
    const before = gateway.requests.length;
    expect(await run('main.cjs')).toEqual({ ids: ['d1', 'd2'], metrics: 2 });
    expect(await run('main.mjs')).toEqual({ ids: ['d1', 'd2'], metrics: 2 });
    expect(gateway.requests.slice(before)).toEqual([
      'POST /auth/login',
      'GET /doctors?ids=d1%2Cd2',
      'POST /auth/login',
      'GET /doctors?ids=d1%2Cd2',
    ]);
  });

  it('serves @medicalink/sdk/react once React is installed (an optional peer)', async () => {
    const app = join(project, 'app');
    // the workspace's own React, copied in as a package (no registry, no cache needed: npm
    // would want React's registry metadata, which installing from the lockfile never fetched)
    const reactFolder = dirname(require.resolve('react/package.json'));
    execFileSync(
      npm,
      ['install', '--offline', '--install-links', '--no-audit', '--no-fund', reactFolder],
      { cwd: app, stdio: 'pipe' },
    );
    const probe = `console.log(JSON.stringify({ hook: typeof useMedicaLink, provider: typeof MedicaLinkProvider }));`;
    writeFileSync(
      join(app, 'react.cjs'),
      `const { useMedicaLink, MedicaLinkProvider } = require('@medicalink/sdk/react');\n${probe}`,
    );
    writeFileSync(
      join(app, 'react.mjs'),
      `import { useMedicaLink, MedicaLinkProvider } from '@medicalink/sdk/react';\n${probe}`,
    );
    const expected = { hook: 'function', provider: 'function' };
    expect(await run('react.cjs')).toEqual(expected);
    expect(await run('react.mjs')).toEqual(expected);
  });

  it('gives a TypeScript consumer its types through the exports map', () => {
    const app = join(project, 'app');
    writeFileSync(
      join(app, 'index.ts'),
      `import { createMedicaLinkClient, type Doctor, type OperationResult } from '@medicalink/sdk';
const client = createMedicaLinkClient({ retryAttempts: 1 });
export const read: Promise<OperationResult<Doctor>> = client.getDoctor('d1');
// @ts-expect-error getDoctor takes an id string
void client.getDoctor(42);
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['index.ts'],
      }),
    );
    const result = spawnSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
