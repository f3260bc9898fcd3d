import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hospitalRpc, scheduleRpc, type ScheduleFileType } from '@medicalink/contracts';
import {
  createTestClient,
  createTestNamespace,
  hostileScheduleFiles,
  manyCellsXlsx,
  rpcFailure,
  startApp,
  type ChildApp,
  type TestClient,
  type TestNamespace,
} from '@medicalink/testing';

/*
 * Schedule files built to hurt the parser, sent to provider-directory running as its own
 * process, as the import saga sends them. Each must end as a clear 422, and the process must
 * stay up and go on importing.
 */

const infrastructure = inject('infrastructure');
const SAMPLE = readFileSync(join(__dirname, 'fixtures', 'schedule-sample.csv'));

interface Directory {
  app: ChildApp;
  client: TestClient;
  hospitalId: string;
  namespace: TestNamespace;
}

async function startDirectoryProcess(label: string, env: Record<string, string> = {}) {
  const namespace = createTestNamespace(infrastructure, label);
  const { app } = await startApp('provider-directory', namespace.env(env));
  const client = await createTestClient(namespace, { timeoutMs: 120_000 });
  const hospital = await client.rpc.call(hospitalRpc.create, {
    name: `Hospital ${randomUUID().slice(0, 8)}`,
  });
  return { app, client, hospitalId: hospital.id, namespace };
}

async function stopDirectoryProcess(directory: Directory | undefined) {
  await directory?.client.close();
  await directory?.app.stop();
  await directory?.namespace.cleanup();
}

function importFile(directory: Directory, content: Buffer, fileType: ScheduleFileType) {
  return directory.client.rpc.call(
    scheduleRpc.importSpreadsheet,
    {
      versionId: randomUUID(),
      importId: randomUUID(),
      hospitalId: directory.hospitalId,
      fileName: `shifts.${fileType}`,
      fileType,
      contentBase64: content.toString('base64'),
    },
    { retries: 0 },
  );
}

/** What each kind of hostile file ends as. */
function expectedCode(label: string): string {
  if (/^(wide|csv with)/.test(label)) return 'SCHEDULE_NO_VALID_ROWS';
  if (/^(repeated|many cells|zip bomb)/.test(label)) return 'SCHEDULE_FILE_TOO_LARGE';
  return 'SCHEDULE_FILE_UNREADABLE';
}

describe('provider-directory with its default limits', () => {
  let directory: Directory;

  beforeAll(async () => {
    directory = await startDirectoryProcess('hostile');
  }, 120_000);

  afterAll(() => stopDirectoryProcess(directory));

  it.each(hostileScheduleFiles().map((file) => [file.label, file] as const))(
    'answers a %s with a clear 422 and stays up',
    { timeout: 120_000 },
    async (label, file) => {
      const failure = await rpcFailure(importFile(directory, file.content, file.fileType));

      expect(failure.envelope).toMatchObject({
        status: 422,
        code: expectedCode(label),
        message: expect.stringMatching(/\S/),
      });
      expect(directory.app.alive()).toBe(true);
    },
  );

  it('imports the next file as if nothing happened', async () => {
    const result = await importFile(directory, SAMPLE, 'csv');

    expect(result).toMatchObject({ shiftCount: 8, rowCount: 8 });
    expect(directory.app.alive()).toBe(true);
  });
});

describe('provider-directory when a file passes the checks but the parse runs away', () => {
  // The checks lifted, so that the worker's own limits are what stops these files.
  const UNCHECKED = {
    SCHEDULE_MAX_CELLS: '50000000',
    SCHEDULE_MAX_UNZIPPED_BYTES: String(1024 * 1024 * 1024),
  };
  let small: Directory | undefined;
  let slow: Directory | undefined;

  afterAll(async () => {
    await stopDirectoryProcess(small);
    await stopDirectoryProcess(slow);
  });

  it(
    'stops a parse past SCHEDULE_PARSE_MAX_HEAP_MB with a clear 422, and imports the next file',
    { timeout: 180_000 },
    async () => {
      small = await startDirectoryProcess('heap', {
        ...UNCHECKED,
        SCHEDULE_PARSE_MAX_HEAP_MB: '64',
      });

      const failure = await rpcFailure(importFile(small, manyCellsXlsx(), 'xlsx'));

      expect(failure.envelope).toMatchObject({
        status: 422,
        code: 'SCHEDULE_FILE_TOO_LARGE',
        message: 'Reading the file needs more than 64 MB of memory (SCHEDULE_PARSE_MAX_HEAP_MB)',
      });
      expect(small.app.alive()).toBe(true);
      await expect(importFile(small, SAMPLE, 'csv')).resolves.toMatchObject({ shiftCount: 8 });
    },
  );

  it(
    'stops a parse past SCHEDULE_PARSE_TIMEOUT_MS with a clear 422, and imports the next file',
    { timeout: 180_000 },
    async () => {
      slow = await startDirectoryProcess('deadline', {
        ...UNCHECKED,
        SCHEDULE_PARSE_TIMEOUT_MS: '3000',
      });
      const started = Date.now();

      const failure = await rpcFailure(importFile(slow, manyCellsXlsx(), 'xlsx'));

      expect(failure.envelope).toMatchObject({
        status: 422,
        code: 'SCHEDULE_FILE_TOO_LARGE',
        message: 'Reading the file took longer than 3000 ms (SCHEDULE_PARSE_TIMEOUT_MS)',
      });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(slow.app.alive()).toBe(true);
      await expect(importFile(slow, SAMPLE, 'csv')).resolves.toMatchObject({ shiftCount: 8 });
    },
  );
});
