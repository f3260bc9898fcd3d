import { describe, expect, it } from 'vitest';
import { runWorker } from './spreadsheet-parser';

const JOB = {
  content: new Uint8Array(0),
  fileType: 'csv' as const,
  limits: { maxUnzippedBytes: 1, maxCells: 1 },
};
const script = (code: string) =>
  new URL(
    `data:text/javascript,${encodeURIComponent(`import { parentPort } from 'node:worker_threads';\n${code}`)}`,
  );

describe('runWorker', () => {
  it('tells what the worker posted', async () => {
    const outcome = await runWorker(
      script("parentPort.postMessage({ refused: { code: 'X', message: 'no' } });"),
      JOB,
      {
        timeoutMs: 10_000,
        heapMb: 64,
      },
    );

    expect(outcome).toEqual({ refused: { code: 'X', message: 'no' } });
  });

  it('stops a worker that outlives its deadline', async () => {
    const started = Date.now();

    const outcome = await runWorker(script('for (;;) {}'), JOB, { timeoutMs: 300, heapMb: 64 });

    expect(outcome).toEqual({ stopped: 'time' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('tells a worker that ran out of its heap from one that failed, and this thread goes on', async () => {
    const hog = 'const kept = []; for (;;) kept.push(new Array(100_000).fill(Math.random()));';

    const memory = await runWorker(script(hog), JOB, { timeoutMs: 30_000, heapMb: 32 });
    const failed = await runWorker(script("throw new Error('boom');"), JOB, {
      timeoutMs: 10_000,
      heapMb: 64,
    });

    expect(memory).toEqual({ stopped: 'memory' });
    expect(failed).toEqual({ stopped: 'failed', reason: 'Error: boom' });
  });
});
