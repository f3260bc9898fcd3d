import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountRpc } from '@medicalink/contracts';
import { rpcQueueName } from '@medicalink/messaging';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  queueDepth,
  startApp,
  type TestClient,
  type TestNamespace,
} from '@medicalink/testing';

const infrastructure = inject('infrastructure');
let namespace: TestNamespace;
let client: TestClient;
const SHUTDOWN_TIMEOUT_MS = 3_000;

beforeAll(async () => {
  namespace = createTestNamespace(infrastructure, 'shutdown');
  client = await createTestClient(namespace, { timeoutMs: 60_000 });
});

afterAll(async () => {
  await client?.close();
  await namespace?.cleanup();
});

async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('messaging_in_flight{') && l.includes('kind="rpc"'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('graceful shutdown', () => {
  it('on SIGTERM stops taking messages, hands back what a hung handler holds, and exits within the bound', async () => {
    // Every accounts.account.get hangs for 10 minutes: a handler that never finishes.
    const { app, url } = await startApp(
      'accounts',
      namespace.env({
        PASSWORD_HASH_COST: '1024',
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        FAULT_INJECTION: JSON.stringify([
          { pattern: 'accounts.account.get', mode: 'slow', delayMs: 600_000 },
        ]),
      }),
    );
    const id = '2b1f0f6e-6c1a-4a8e-9f1e-0d4c3b2a1f00';
    const held = client.rpc
      .call(accountRpc.get, { id }, { retries: 0, timeoutMs: 60_000 })
      .catch((error: unknown) => error);
    await eventually(async () => expect(await inFlight(url)).toBe(1));

    const signalled = Date.now();
    const exited = app.stop('SIGTERM', 20_000);
    // A request sent once it is stopping is left in the queue for another instance.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = client.rpc
      .call(accountRpc.get, { id }, { retries: 0, timeoutMs: 60_000 })
      .catch((error: unknown) => error);
    await exited;
    const tookMs = Date.now() - signalled;

    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1_500);
    expect(app.output()).not.toMatch(/shutdown deadline passed/);
    // Both requests wait in the queue: the held one was handed back (never acked), the late
    // one never taken.
    const queue = rpcQueueName(namespace.prefix, 'accounts');
    await eventually(async () =>
      expect(await queueDepth(infrastructure.rabbitmqUrl, queue)).toBe(2),
    );

    // Another instance picks them up and answers both callers.
    const next = await startApp('accounts', namespace.env({ PASSWORD_HASH_COST: '1024' }));
    try {
      expect(await held).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
      expect(await late).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    } finally {
      await next.app.stop();
    }
  });

  it('drains and exits 0 when the process that started it goes away (its IPC channel closes)', async () => {
    const { app } = await startApp('accounts', namespace.env({ PASSWORD_HASH_COST: '1024' }));
    try {
      app.child.disconnect(); // what the parent's death does to the channel
      await eventually(() => expect(app.alive()).toBe(false), { timeoutMs: 10_000 });
      expect(app.child.exitCode).toBe(0);
    } finally {
      await app.stop('SIGKILL');
    }
  });
});
