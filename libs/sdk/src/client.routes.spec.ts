import { describe, expect, it } from 'vitest';
import { createMedicaLinkClient, type MedicaLinkClient } from './client.js';
import { fakeFetch, json, PRODUCT } from '../test/fake-fetch.js';

type Call = (client: MedicaLinkClient) => Promise<unknown>;

/** Each typed method against the route API.md gives it: method, path and query string. */
const ROUTES: Array<[string, Call, string]> = [
  ['me', (c) => c.me(), 'GET /auth/me'],
  [
    'changePassword',
    (c) => c.changePassword({ currentPassword: 'a', newPassword: 'b' }),
    'POST /auth/password',
  ],
  [
    'createAccount',
    (c) => c.createAccount({ email: 'e', password: 'p', fullName: 'f' }),
    'POST /accounts',
  ],
  ['getAccount', (c) => c.getAccount('a 1'), 'GET /accounts/a%201'],
  ['updateAccount', (c) => c.updateAccount('a1', { fullName: 'x' }), 'PATCH /accounts/a1'],
  ['deleteAccount', (c) => c.deleteAccount('a1'), 'DELETE /accounts/a1'],
  ['getDoctors', (c) => c.getDoctors(['d1', 'd2']), 'GET /doctors?ids=d1%2Cd2'],
  [
    'searchDoctors',
    (c) => c.searchDoctors({ search: 'house', limit: 5 }),
    'GET /doctors?search=house&limit=5',
  ],
  ['updateDoctor', (c) => c.updateDoctor('d1', { bio: 'b' }), 'PATCH /doctors/d1'],
  ['getSaga', (c) => c.getSaga('s1'), 'GET /sagas/s1'],
  [
    'listSagas',
    (c) => c.listSagas({ state: 'compensation_failed', page: 2 }),
    'GET /sagas?state=compensation_failed&page=2',
  ],
  ['retrySaga', (c) => c.retrySaga('s1'), 'POST /sagas/s1/retry'],
  ['getHealth', (c) => c.getHealth(), 'GET /health'],
  ['getGatewayMetrics', (c) => c.getGatewayMetrics(), 'GET /metrics'],
  [
    'listDeadLetters',
    (c) => c.listDeadLetters('accounts', { page: 1 }),
    'GET /admin/dead-letters/accounts?page=1',
  ],
  [
    'replayDeadLetters',
    (c) => c.replayDeadLetters('accounts', ['m1']),
    'POST /admin/dead-letters/accounts/replay',
  ],
  [
    'createProductSession',
    (c) => c.createProductSession(),
    'POST /private/products/orchestrate/session/create',
  ],
  [
    'getSessionProgress',
    (c) => c.getSessionProgress('s1'),
    'GET /private/products/orchestrate/session/s1/progress',
  ],
  ['createProduct', (c) => c.createProduct(PRODUCT), 'POST /private/products'],
  ['getProduct', (c) => c.getProduct('p1'), 'GET /private/products/p1'],
  ['getProductOptions', (c) => c.getProductOptions(), 'GET /private/products/options'],
  [
    'replaceProductTarget',
    (c) => c.replaceProductTarget('p1', {}),
    'PATCH /private/products/p1/target',
  ],
  ['listProducts', (c) => c.listProducts({ province: 3 }), 'GET /private/products?province=3'],
  [
    'educationRegistrationStep',
    (c) => c.educationRegistrationStep('r1', 'validate'),
    'POST /education/registrations/r1/validate',
  ],
  [
    'getEducationRegistrationAudit',
    (c) => c.getEducationRegistrationAudit('r1', { page: 2 }),
    'GET /education/registrations/r1/audit?page=2',
  ],
  [
    'listEducationRecords',
    (c) => c.listEducationRecords({ userBusinessId: 'OT-1' }),
    'GET /education/records?userBusinessId=OT-1',
  ],
  [
    'listUniversities',
    (c) => c.listUniversities('CA', { limit: 100 }),
    'GET /education/reference/universities?country=CA&limit=100',
  ],
  [
    'listColleges',
    (c) => c.listColleges('CA', 'mais', { page: 2, limit: 5 }),
    'GET /education/reference/colleges?country=CA&search=mais&page=2&limit=5',
  ],
  ['getScheduleImport', (c) => c.getScheduleImport('i1'), 'GET /schedules/imports/i1'],
  [
    'listScheduleImports',
    (c) => c.listScheduleImports({ hospitalId: 'h1' }),
    'GET /schedules/imports?hospitalId=h1',
  ],
  ['getScheduleVersion', (c) => c.getScheduleVersion('v1'), 'GET /schedules/versions/v1'],
  [
    'recalculateCoverage',
    (c) => c.recalculateCoverage('v1'),
    'POST /schedules/versions/v1/coverage',
  ],
  ['listHospitals', (c) => c.listHospitals(), 'GET /hospitals'],
  ['createHospital', (c) => c.createHospital({ name: 'H' }), 'POST /hospitals'],
];

describe('typed route methods', () => {
  it.each(ROUTES)('%s calls %s', async (_name, call, expected) => {
    const fetch = fakeFetch(() => json(200, { accessToken: 't2' }));
    const client = createMedicaLinkClient({ baseUrl: 'http://gateway.test', token: 't', fetch });
    const result = (await call(client)) as { success: boolean };
    expect(result.success).toBe(true);
    const [request] = fetch.requests;
    expect(`${request!.method} ${request!.path}${request!.url.search}`).toBe(expected);
  });

  it('sends an Idempotency-Key with the creating POSTs whose routes take one', async () => {
    const fetch = fakeFetch(() => json(201, {}));
    const client = createMedicaLinkClient({ token: 't', fetch });
    await client.createAccount({ email: 'e', password: 'p', fullName: 'f' });
    await client.createProduct(PRODUCT, { idempotencyKey: 'mine' });
    await client.createHospital({ name: 'H' });
    await client.commitSession('s1');
    expect(fetch.requests.map((request) => request.headers['idempotency-key'] ?? null)).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      'mine',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      null,
    ]);
  });
});
