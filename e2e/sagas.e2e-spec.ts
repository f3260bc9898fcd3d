import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, type Json } from '@medicalink/testing';
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

type Page = { data: (Json & { id: string; state: string })[]; meta: Json };

describe('saga operations through the gateway', () => {
  it('lists sagas newest first (admin, main), and refuses a bad filter with a 400 naming it', async () => {
    const tag = randomUUID().slice(0, 8);
    const created = await http.call<{ sagaId: string }>('POST', '/doctors', {
      token: admin,
      body: {
        email: `ops-${tag}@medicalink.local`,
        password: `Pw-${randomUUID()}`,
        fullName: `Dr. ${tag}`,
        specialty: 'Dermatology',
        licenseNumber: `OPS-${tag}`,
      },
    });
    expect(created.status).toBe(201);

    const page = await http.call<Page>(
      'GET',
      '/sagas?state=completed&type=doctor-creation&limit=5',
      {
        token: admin,
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.data[0]).toMatchObject({ id: created.body.sagaId, state: 'completed' });
    expect(page.body.meta).toMatchObject({ page: 1, limit: 5 });

    const bad = await http.call<{ errors: string[] }>('GET', '/sagas?state=sleeping&limit=500', {
      token: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.join(' ')).toMatch(/state/);
    expect(bad.body.errors.join(' ')).toMatch(/limit/);
    expect((await http.call('GET', '/sagas')).status).toBe(401);
  });

  it('answers POST /sagas/:id/retry with 404 for an unknown saga and 409 for one that did not fail', async () => {
    const missing = await http.call('POST', `/sagas/${randomUUID()}/retry`, { token: admin });
    expect(missing.status).toBe(404);
    const [latest] = (await http.call<Page>('GET', '/sagas?limit=1', { token: admin })).body.data;
    const notFailed = await http.call<Json>('POST', `/sagas/${latest!.id}/retry`, {
      token: admin,
    });
    expect(notFailed.status).toBe(409);
    expect(notFailed.body['message']).toMatch(/compensation_failed/);
    expect((await http.call('POST', '/sagas/not-a-uuid/retry', { token: admin })).status).toBe(400);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${system.gatewayUrl}/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.paths['/sagas']?.['get']).toBeDefined();
    expect(document.paths['/sagas/{id}/retry']?.['post']).toBeDefined();
  });
});
