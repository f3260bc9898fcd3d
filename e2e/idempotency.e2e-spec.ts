import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  gatewayClient,
  repoRoot,
  seedProductBody,
  type Json,
  type Reply,
} from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';

const SAMPLE = readFileSync(
  join(repoRoot(), 'apps/provider-directory/test/fixtures/schedule-sample.csv'),
);

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
/** two callers allowed on every route: the bootstrap main account and an admin it made */
let callers: { main: string; admin: string };

beforeAll(async () => {
  system = await sharedSystem();
  http = gatewayClient(system.gatewayUrl);
  const main = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
  const email = `admin-${randomUUID().slice(0, 8)}@medicalink.local`;
  const password = `Pw-${randomUUID()}`;
  const created = await http.call('POST', '/accounts', {
    token: main,
    body: { email, password, fullName: 'Second Admin', privilege: 'admin' },
  });
  expect(created.status).toBe(201);
  callers = { main, admin: await http.token(email, password) };
});

afterAll(async () => {
  await releaseSystem(system);
});

const tag = () => randomUUID().slice(0, 8);

/**
 * One write route that creates something: `send` posts a body (`variant` 0 is the body the key
 * was first used with, 1 another one) and `idOf` tells which resource a reply is about.
 */
interface WriteRoute {
  route: string;
  created: number;
  fresh(): Promise<{ send(token: string, key: string, variant: 0 | 1): Promise<Reply<Json>> }>;
  idOf(reply: Reply<Json>): unknown;
  /** a second caller's request must wait for the first's work to end (one import per hospital) */
  settle?(reply: Reply<Json>): Promise<void>;
}

const post = (path: string, body: (variant: 0 | 1) => unknown) => ({
  send: (token: string, key: string, variant: 0 | 1) =>
    http.call<Json>('POST', path, {
      token,
      body: body(variant),
      headers: { 'idempotency-key': key },
    }),
});

async function ownerWithBusinessId(): Promise<{ id: string; businessId: string }> {
  const businessId = `OT-${tag()}`;
  const created = await http.call<{ id: string }>('POST', '/accounts', {
    token: callers.main,
    body: {
      email: `ot-${tag()}@medicalink.local`,
      password: `Pw-${randomUUID()}`,
      fullName: 'Occupational Therapist',
      businessId,
    },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, businessId };
}

const educationData = (variant: 0 | 1) => ({
  graduationYear: variant === 0 ? 2019 : 2018,
  university: 'ca-universite-de-montreal',
  country: 'CA',
  degreeType: 'masters',
});

async function upload(token: string, key: string, hospitalId: string, content: Buffer) {
  const form = new FormData();
  form.append('hospitalId', hospitalId);
  form.append('file', new Blob([content]), 'roster.csv');
  const response = await fetch(`${system.gatewayUrl}/schedules/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: form,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Json,
  };
}

const ROUTES: WriteRoute[] = [
  {
    route: 'POST /accounts',
    created: 201,
    fresh: async () => {
      const email = `acct-${tag()}@medicalink.local`;
      const password = `Pw-${randomUUID()}`;
      return post('/accounts', (v) => ({ email, password, fullName: v === 0 ? 'Ann' : 'Bob' }));
    },
    idOf: (reply) => reply.body['id'],
  },
  {
    route: 'POST /doctors',
    created: 201,
    fresh: async () => {
      const t = tag();
      const password = `Pw-${randomUUID()}`;
      return post('/doctors', (v) => ({
        email: `dr-${t}@medicalink.local`,
        password,
        fullName: v === 0 ? `Dr. ${t}` : `Dr. Other ${t}`,
        specialty: 'Cardiology',
        licenseNumber: `LIC-${t}`,
      }));
    },
    idOf: (reply) => reply.body['doctorId'],
  },
  {
    route: 'POST /private/products',
    created: 201,
    fresh: async () => {
      const body = seedProductBody();
      return post('/private/products', (v) => ({ ...body, inventory: v === 0 ? 50 : 51 }));
    },
    idOf: (reply) => reply.body['id'],
  },
  {
    route: 'POST /hospitals',
    created: 201,
    fresh: async () => {
      const name = `Hospital ${tag()}`;
      return post('/hospitals', (v) => ({ name, city: v === 0 ? 'Lyon' : 'Nantes' }));
    },
    idOf: (reply) => reply.body['id'],
  },
  {
    route: 'POST /schedules/imports',
    created: 202,
    fresh: async () => {
      const hospital = await http.call<{ id: string }>('POST', '/hospitals', {
        token: callers.main,
        body: { name: `Import hospital ${tag()}`, city: 'Lyon' },
      });
      // the other body: the same hospital and file name, another file (one more byte)
      const files = [SAMPLE, Buffer.concat([SAMPLE, Buffer.from('\n')])] as const;
      return {
        send: (token: string, key: string, variant: 0 | 1) =>
          upload(token, key, hospital.body.id, files[variant]),
      };
    },
    idOf: (reply) => reply.body['importId'],
    settle: async (reply) => {
      await eventually(
        async () => {
          const view = await http.call<{ status: string }>(
            'GET',
            `/schedules/imports/${String(reply.body['importId'])}`,
            { token: callers.main },
          );
          expect(['completed', 'failed']).toContain(view.body.status);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    },
  },
  {
    route: 'POST /education/registrations',
    created: 201,
    fresh: async () => {
      const { businessId } = await ownerWithBusinessId();
      return post('/education/registrations', (v) => ({
        userBusinessId: businessId,
        educationData: educationData(v),
      }));
    },
    idOf: (reply) => reply.body['sessionId'],
  },
  {
    route: 'POST /education/registrations/run',
    created: 201,
    fresh: async () => {
      const owner = await ownerWithBusinessId();
      return post('/education/registrations/run', (v) => ({
        userBusinessId: owner.businessId,
        educationData: educationData(v),
        accountId: owner.id,
      }));
    },
    idOf: (reply) => (reply.body['session'] as Json | undefined)?.['sessionId'],
  },
];

describe('Idempotency-Key on every write route that creates something', () => {
  it.each(ROUTES.map((route) => [route.route, route] as const))(
    '%s: a repeat answers the first reply, another body 422, another caller its own',
    async (_name, route) => {
      const key = `key-${tag()}`;
      const { send } = await route.fresh();

      const first = await send(callers.main, key, 0);
      expect(first.status, JSON.stringify(first.body)).toBe(route.created);
      const repeat = await send(callers.main, key, 0);
      expect(repeat.status).toBe(route.created);
      expect(route.idOf(repeat)).toEqual(route.idOf(first));

      const otherBody = await send(callers.main, key, 1);
      expect(otherBody.status, JSON.stringify(otherBody.body)).toBe(422);
      expect(otherBody.body['message']).toMatch(/idempotency/i);

      await route.settle?.(first);
      // The key is the caller's own: another caller with the same key and body is a new
      // request (created, or refused on its merits, e.g. 409 for a taken email), never a replay.
      const otherCaller = await send(callers.admin, key, 0);
      expect(
        otherCaller.status === route.created && route.idOf(otherCaller) === route.idOf(first),
        JSON.stringify(otherCaller.body),
      ).toBe(false);
    },
    90_000,
  );
});
