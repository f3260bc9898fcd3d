import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gatewayClient, publishRaw, type Json } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let admin: string;

beforeAll(async () => {
  system = await sharedSystem();
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  await releaseSystem(system);
});

type Page = {
  data: (Json & { id: string; errorCode: string; headers: Record<string, string> })[];
  meta: { total: number };
};

describe('dead-letter operations through the gateway', () => {
  it("lists a service's dead letters without removing them, and replays them", async () => {
    // An event with a payload that breaks its contract goes straight to the orchestrator's DLQ.
    await publishRaw(
      system.namespace.infrastructure.rabbitmqUrl,
      { exchange: `${system.namespace.prefix}.events`, routingKey: 'doctor.profile.deleted' },
      JSON.stringify({ doctorId: 'not-a-uuid' }),
      { messageId: 'e2e-broken-event', type: 'doctor.profile.deleted', persistent: true },
    );
    const listed = await eventually(async () => {
      const page = await http.call<Page>('GET', '/admin/dead-letters/orchestrator', {
        token: admin,
      });
      expect(page.status).toBe(200);
      expect(page.body.data.map((letter) => letter.id)).toContain('e2e-broken-event');
      return page.body;
    });
    const letter = listed.data.find((entry) => entry.id === 'e2e-broken-event');
    expect(letter).toMatchObject({
      errorCode: 'VALIDATION_FAILED',
      pattern: 'doctor.profile.deleted',
    });
    const again = await http.call<Page>('GET', '/admin/dead-letters/orchestrator', {
      token: admin,
    });
    expect(again.body.meta.total).toBe(listed.meta.total); // not removed

    const replayed = await http.call<{ replayed: number }>(
      'POST',
      '/admin/dead-letters/orchestrator/replay',
      { token: admin, body: { messageIds: ['e2e-broken-event'] } },
    );
    expect(replayed).toMatchObject({ status: 200, body: { replayed: 1 } });
    // Still broken: it comes back to the DLQ, naming who replayed it, and the replay was counted.
    const me = await http.call<{ id: string }>('GET', '/auth/me', { token: admin });
    await eventually(async () => {
      const page = await http.call<Page>('GET', '/admin/dead-letters/orchestrator', {
        token: admin,
      });
      const back = page.body.data.find((entry) => entry.id === 'e2e-broken-event');
      expect(back).toMatchObject({ headers: { 'x-replayed-by': me.body.id } });
    });
    const metrics = await (
      await fetch(`${system.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${admin}` } })
    ).text();
    expect(metrics).toMatch(
      /messaging_dead_letters_replayed_total\{[^}]*service="orchestrator"[^}]*\} 1/,
    );
  });

  it('answers 400 for an unknown service and 401 without a token', async () => {
    const unknown = await http.call<{ errors: string[] }>('GET', '/admin/dead-letters/billing', {
      token: admin,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.join(' ')).toMatch(/service/);
    expect((await http.call('GET', '/admin/dead-letters/orchestrator')).status).toBe(401);
    const all = await http.call<{ replayed: number }>(
      'POST',
      '/admin/dead-letters/product/replay',
      {
        token: admin,
        body: {},
      },
    );
    expect(all).toMatchObject({ status: 200, body: { replayed: 0 } });
  });
});
