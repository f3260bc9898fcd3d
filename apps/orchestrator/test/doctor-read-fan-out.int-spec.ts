import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { doctorCompositeRpc } from '@medicalink/contracts';
import { createTestNamespace, type TestClient } from '@medicalink/testing';
import { createDoctor, faults, startOrchestratorStack, type OrchestratorStack } from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'fanout');
/** Each service takes this long to answer a doctor read here, so the order of the calls shows. */
const DELAY_MS = 400;
let stack: OrchestratorStack;
let client: TestClient;

beforeAll(async () => {
  stack = await startOrchestratorStack(namespace, {
    participantEnv: {
      directory: faults(
        { pattern: 'directory.doctor.get', mode: 'slow', delayMs: DELAY_MS },
        { pattern: 'directory.doctor.getMany', mode: 'slow', delayMs: DELAY_MS },
      ),
      accounts: faults({ pattern: 'accounts.account.getMany', mode: 'slow', delayMs: DELAY_MS }),
    },
    clientTimeoutMs: 10_000,
  });
  client = stack.client;
});

afterAll(async () => {
  await stack?.stop();
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('a composite doctor read that misses the cache', () => {
  it('asks the directory and accounts at once once the doctor’s account is known', async () => {
    const { doctor, account } = await createDoctor(client);
    const miss = () =>
      client.rpc.call(doctorCompositeRpc.getComposite, { id: doctor.id, bypassCache: true });

    // The first read learns which account the doctor has: the two services one after the other.
    const first = await timed(miss);
    expect(first.value.data).toMatchObject({ id: doctor.id, email: account.email });
    expect(first.ms).toBeGreaterThanOrEqual(2 * DELAY_MS);

    // Every later miss asks both at once: about one delay, not two.
    const later = await timed(miss);
    expect(later.value.data).toEqual(first.value.data);
    expect(later.ms).toBeLessThan(2 * DELAY_MS - 100);
  });

  it('does so for ?ids= too', async () => {
    const doctors = await Promise.all([createDoctor(client), createDoctor(client)]);
    const ids = doctors.map(({ doctor }) => doctor.id);
    const miss = () =>
      client.rpc.call(doctorCompositeRpc.getManyComposite, { ids, bypassCache: true });
    const first = await timed(miss);
    expect(first.value.data.map((composite) => composite.email)).toEqual(
      doctors.map(({ account }) => account.email),
    );
    expect(first.ms).toBeGreaterThanOrEqual(2 * DELAY_MS);
    const later = await timed(miss);
    expect(later.value.data).toEqual(first.value.data);
    expect(later.ms).toBeLessThan(2 * DELAY_MS - 100);
  });
});
