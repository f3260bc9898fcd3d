import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  accountRpc,
  checksRpc,
  educationRecordCreated,
  recordRpc,
  referenceRpc,
  type RpcRequest,
} from '@medicalink/contracts';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  probeEvents,
  rpcFailure,
  startApp,
  type ChildApp,
  type EventProbe,
  type TestClient,
} from '@medicalink/testing';
import type { EducationDatabase } from '../src/database/education.schema';
import { loadReferenceData, shippedReferenceData } from '../src/database/reference-data';
import { startEducation } from '../src/start';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'edu');
/** The clock the service judges by; tests move it. */
let now = new Date('2026-03-01T12:00:00Z');
let education: RunningService;
let accounts: { app: ChildApp; url: string };
let client: TestClient;
let db: Kysely<EducationDatabase>;
let events: EventProbe;

beforeAll(async () => {
  events = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
    educationRecordCreated.name,
  ]);
  [accounts, education] = await Promise.all([
    startApp('accounts', namespace.env({ PASSWORD_HASH_COST: '1024' })),
    startEducation(namespace.env({ EDUCATION_HTTP_PORT: '0' }), { clock: () => now }),
  ]);
  client = await createTestClient(namespace);
  db = createDatabase<EducationDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('education')),
  );
});

afterAll(async () => {
  await events?.close();
  await client?.close();
  await db?.destroy();
  await education?.close();
  await accounts?.app.stop();
  await namespace.cleanup();
});

const businessId = () => `OT-${randomUUID().slice(0, 8)}`;
const educationData = (overrides: Record<string, unknown> = {}) => ({
  graduationYear: 2020,
  university: 'ca-mcgill-university',
  country: 'CA',
  degreeType: 'masters' as const,
  college: 'Dawson College',
  accessModifier: 'private' as const,
  ...overrides,
});
const createRequest = (
  overrides: Partial<RpcRequest<typeof recordRpc.create>> = {},
): RpcRequest<typeof recordRpc.create> => ({
  sessionId: randomUUID(),
  userBusinessId: businessId(),
  accountId: randomUUID(),
  educationData: educationData(),
  category: 'graduated',
  ...overrides,
});

describe('reference data', () => {
  it('lists every ISO 3166-1 country with the shipped data version, a page at a time', async () => {
    const first = await client.rpc.call(referenceRpc.countries, { limit: 100 });
    expect(first.version).toBe(shippedReferenceData().version);
    expect(first.meta).toEqual({
      page: 1,
      limit: 100,
      total: 249,
      totalPages: 3,
      hasNext: true,
      hasPrev: false,
    });
    expect(first.data).toHaveLength(100);
    expect(first.data).toContainEqual({ code: 'CA', name: 'Canada' });
    const last = await client.rpc.call(referenceRpc.countries, { page: 3, limit: 100 });
    expect(last.data).toHaveLength(49);
    expect(last.meta).toMatchObject({ hasNext: false, hasPrev: true });
    expect(new Set([...first.data, ...last.data].map((country) => country.code)).size).toBe(149);
    // the default page, as for every list
    expect((await client.rpc.call(referenceRpc.countries, {})).data).toHaveLength(20);
  });

  it('lists a country’s universities, every Canadian occupational therapy program among them', async () => {
    const { data: universities, meta } = await client.rpc.call(referenceRpc.universities, {
      country: 'ca',
      limit: 100,
    });
    expect(meta.total).toBe(universities.length);
    const names = universities.map((university) => university.name);
    for (const name of [
      'University of British Columbia',
      'McGill University',
      'Université de Montréal',
      'Université du Québec à Trois-Rivières',
      'Dalhousie University',
    ]) {
      expect(names).toContain(name);
    }
    expect(universities.every((university) => university.country === 'CA')).toBe(true);
    const second = await client.rpc.call(referenceRpc.universities, {
      country: 'CA',
      page: 2,
      limit: 5,
    });
    expect(second.data).toEqual(universities.slice(5, 10));
  });

  it('finds colleges fuzzily within a country, accents and case ignored', async () => {
    const search = (country: string, term: string) =>
      client.rpc.call(referenceRpc.colleges, { country, search: term });
    expect((await search('CA', 'humbr')).data[0]?.name).toBe('Humber College');
    expect((await search('CA', 'CEGEP DE SHERBROOKE')).data[0]?.name).toBe('Cégep de Sherbrooke');
    expect((await search('GB', 'magdalen')).data.map((c) => c.name)).toContain('Magdalen College');
    expect((await search('FR', 'humber')).data).toEqual([]);
    const { data: colleges } = await client.rpc.call(referenceRpc.colleges, {
      country: 'GB',
      search: 'balliol',
    });
    expect(colleges.find((c) => c.name === 'Balliol College')?.universityId).toBe(
      'gb-university-of-oxford',
    );
  });

  it('pages through a country’s colleges: limit up to 100, the total in meta', async () => {
    const all = await client.rpc.call(referenceRpc.colleges, { country: 'CA', limit: 100 });
    expect(all.data.length).toBe(Math.min(100, all.meta.total));
    expect(all.data.every((college) => college.country === 'CA')).toBe(true);
    const page = await client.rpc.call(referenceRpc.colleges, { country: 'CA', page: 2, limit: 3 });
    expect(page.data).toEqual(all.data.slice(3, 6));
    expect(page.meta).toMatchObject({ page: 2, limit: 3, total: all.meta.total, hasPrev: true });
    const tooMany = await rpcFailure(
      client.rpc.call(referenceRpc.colleges, { country: 'CA', limit: 101 }),
    );
    expect(tooMany.status).toBe(400);
  });

  it('refuses a malformed country code naming the field', async () => {
    const error = await rpcFailure(client.rpc.call(referenceRpc.universities, { country: 'CAN' }));
    expect(error.status).toBe(400);
    expect(JSON.stringify(error.envelope.details)).toContain('country');
  });

  it('reloads a new data version without losing records', async () => {
    const record = await client.rpc.call(recordRpc.create, createRequest());
    const shipped = shippedReferenceData();
    await loadReferenceData(db, {
      ...shipped,
      version: `${shipped.version}-test`,
      colleges: [
        ...shipped.colleges.filter((college) => college.id !== 'ca-dawson-college'),
        { id: 'ca-test-college-of-reloads', name: 'Test College of Reloads', country: 'CA' },
      ],
    });
    try {
      expect(await client.rpc.call(recordRpc.get, { id: record.id })).toEqual(record);
      const check = (college: string) =>
        client.rpc.call(checksRpc.collegeCountry, { college, country: 'CA' });
      expect((await check('Test College of Reloads')).isValid).toBe(true);
      expect((await check('Dawson College')).confidence).toBeLessThan(100);
      expect((await client.rpc.call(referenceRpc.countries, {})).version).toBe(
        `${shipped.version}-test`,
      );
    } finally {
      await loadReferenceData(db, shipped);
    }
  });
});

describe('college-country check', () => {
  it.each([
    ['exact', 'Humber College', 'CA', { isValid: true, confidence: 100 }],
    ['accented and cased', 'CEGEP  de sherbrooke', 'CA', { isValid: true, confidence: 100 }],
    ['exact, other case', 'balliol college', 'GB', { isValid: true, confidence: 100 }],
  ] as const)('%s: %s in %s is valid', async (_case, college, country, expected) => {
    const check = await client.rpc.call(checksRpc.collegeCountry, { college, country });
    expect(check).toEqual({ college, country, ...expected });
  });

  it('misspelt: invalid, with a confidence and suggestions from that country', async () => {
    const check = await client.rpc.call(checksRpc.collegeCountry, {
      college: 'Humbr Colege',
      country: 'CA',
    });
    expect(check.isValid).toBe(false);
    expect(check.confidence).toBeGreaterThanOrEqual(30);
    expect(check.confidence).toBeLessThan(100);
    expect(check.suggestions?.[0]).toBe('Humber College');
    expect(check.suggestions?.length).toBeLessThanOrEqual(3);
    expect(check.foundInCountries).toBeUndefined();
  });

  it('wrong country: invalid, naming the country that has it', async () => {
    const check = await client.rpc.call(checksRpc.collegeCountry, {
      college: 'Balliol College',
      country: 'CA',
    });
    expect(check).toMatchObject({ isValid: false, foundInCountries: ['GB'] });
  });

  it('unknown: invalid, confidence 0, no suggestions', async () => {
    const check = await client.rpc.call(checksRpc.collegeCountry, {
      college: 'Zzyzx Qwvb Institute',
      country: 'CA',
    });
    expect(check).toEqual({
      college: 'Zzyzx Qwvb Institute',
      country: 'CA',
      isValid: false,
      confidence: 0,
    });
  });
});

describe('college-country check among many similar names', () => {
  const crowd = Array.from({ length: 3_000 }, (_, i) => ({
    id: `test-crowd-${i}`,
    name: `${['Northgate', 'Riverside', 'Lakeshore'][i % 3]} College of Field ${i}`,
    country: 'CA',
  }));

  beforeAll(async () => {
    await db.insertInto('colleges').values(crowd).execute();
  });
  afterAll(async () => {
    await db.deleteFrom('colleges').where('id', 'like', 'test-crowd-%').execute();
  });

  it('still finds the misspelt college first, and keeps the word counts', async () => {
    const check = await client.rpc.call(checksRpc.collegeCountry, {
      college: 'Humbr Colege',
      country: 'CA',
    });
    expect(check.suggestions?.[0]).toBe('Humber College');
    const crowded = await client.rpc.call(checksRpc.collegeCountry, {
      college: 'Riversde Colege of Feld 43',
      country: 'CA',
    });
    expect(crowded.suggestions?.[0]).toBe('Riverside College of Field 43');
    const northgate = await db
      .selectFrom('college_words')
      .select('colleges')
      .where('word', '=', 'northgate')
      .executeTakeFirstOrThrow();
    expect(northgate.colleges).toBe(1_000);
  });
});

describe('university-country check', () => {
  it.each([
    ['ca-mcgill-university', 'CA', true, undefined],
    ['ca-universite-du-quebec-a-trois-rivieres', 'CA', true, undefined],
    ['ca-mcgill-university', 'US', false, 'McGill University is in CA, not in US'],
    ['ca-no-such-university', 'CA', false, 'unknown university id ca-no-such-university'],
    ['ca-mcgill-university', 'ZZ', false, 'unknown country code ZZ'],
  ])('%s in %s: valid %s', async (university, country, isValid, reason) => {
    const check = await client.rpc.call(checksRpc.universityCountry, { university, country });
    expect(check.isValid).toBe(isValid);
    if (reason) expect(check.reasons).toContain(reason);
    else expect(check.reasons).toBeUndefined();
  });
});

describe('validation', () => {
  const validate = (
    data: Record<string, unknown>,
    userBusinessId = businessId(),
    live: string[] = [],
  ) =>
    client.rpc.call(checksRpc.validate, {
      userBusinessId,
      educationData: educationData(data),
      liveSessionIds: live,
    });

  it('passes every check with score 100', async () => {
    const result = await validate({});
    expect(result).toMatchObject({
      isValid: true,
      validationScore: 100,
      criticalFailures: [],
      warnings: [],
    });
    expect(result.checks.collegeCountry).toMatchObject({ isValid: true, confidence: 100 });
  });

  it('a misspelt college is a warning with suggestions, and lowers the score', async () => {
    const result = await validate({ college: 'Dawsn Colege' });
    expect(result.isValid).toBe(true);
    expect(result.validationScore).toBeLessThan(100);
    expect(result.validationScore).toBeGreaterThanOrEqual(80);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'COLLEGE_NOT_EXACT',
        severity: 'warning',
        field: 'educationData.college',
      }),
    ]);
  });

  it.each([
    [{ college: 'Balliol College' }, 'COLLEGE_COUNTRY_MISMATCH', 80],
    [{ university: 'gb-university-of-oxford' }, 'UNIVERSITY_COUNTRY_MISMATCH', 75],
    [{ graduationYear: 2034 }, 'GRADUATION_YEAR_OUT_OF_RANGE', 85],
    [{ graduationYear: 1949 }, 'GRADUATION_YEAR_OUT_OF_RANGE', 85],
  ])('%j fails critically with %s (score %i)', async (data, code, score) => {
    const result = await validate(data);
    expect(result.isValid).toBe(false);
    expect(result.validationScore).toBe(score);
    expect(result.criticalFailures.map((failure) => failure.code)).toEqual([code]);
  });

  it('accepts the year range edges: 1950 and the current year + 7', async () => {
    expect((await validate({ graduationYear: 1950 })).isValid).toBe(true);
    expect((await validate({ graduationYear: 2033 })).isValid).toBe(true);
  });

  it('a business id with a record, or with another live session, is not unique', async () => {
    const request = createRequest();
    const record = await client.rpc.call(recordRpc.create, request);
    const taken = await validate({}, request.userBusinessId);
    expect(taken.isValid).toBe(false);
    expect(taken.checks.userBusinessId.existingRecords).toEqual([
      { kind: 'record', id: record.id, createdAt: record.createdAt },
    ]);
    const racing = await validate({}, businessId(), ['other-session']);
    expect(racing.criticalFailures[0]).toMatchObject({
      code: 'USER_BUSINESS_ID_TAKEN',
      field: 'userBusinessId',
    });
    expect(
      await client.rpc.call(checksRpc.userBusinessId, { userBusinessId: request.userBusinessId }),
    ).toMatchObject({ isUnique: false });
  });

  it('refuses a degree type outside the closed list with 400 naming the field', async () => {
    const error = await rpcFailure(validate({ degreeType: 'phd' }));
    expect(error.status).toBe(400);
    expect(JSON.stringify(error.envelope.details)).toContain('degreeType');
  });
});

describe('category', () => {
  async function accountWith(membershipExpiresAt: string | undefined) {
    const id = businessId();
    await client.rpc.call(accountRpc.create, {
      email: `${id.toLowerCase()}@medicalink.test`,
      password: 'a long enough password',
      fullName: 'Occupational Therapist',
      businessId: id,
      ...(membershipExpiresAt ? { membershipExpiresAt } : {}),
    });
    return id;
  }

  it.each([
    // [clock, graduation year, membership expiry, category]
    ['2026-03-01T12:00:00Z', 2027, '2027-01-01T00:00:00Z', 'student'],
    ['2026-12-31T23:59:59Z', 2027, undefined, 'student'],
    ['2026-03-01T12:00:00Z', 2026, '2026-03-01T12:00:01Z', 'new_graduated'],
    ['2026-03-01T12:00:00Z', 2025, '2027-01-01T00:00:00Z', 'new_graduated'],
    ['2026-03-01T12:00:00Z', 2026, '2026-03-01T12:00:00Z', 'graduated'],
    ['2026-03-01T12:00:00Z', 2025, '2026-02-28T00:00:00Z', 'graduated'],
    ['2026-03-01T12:00:00Z', 2024, '2027-01-01T00:00:00Z', 'graduated'],
    ['2026-03-01T12:00:00Z', 2026, undefined, 'graduated'],
    // the new year turns last year's student into a new graduate, and the one before into graduated
    ['2027-01-01T00:00:00Z', 2026, '2027-06-01T00:00:00Z', 'new_graduated'],
    ['2027-01-01T00:00:00Z', 2025, '2027-06-01T00:00:00Z', 'graduated'],
  ] as const)(
    'at %s, graduating %i, membership until %s: %s',
    async (at, year, expiry, category) => {
      const id = await accountWith(expiry);
      now = new Date(at);
      try {
        const result = await client.rpc.call(checksRpc.category, {
          userBusinessId: id,
          graduationYear: year,
        });
        expect(result.category).toBe(category);
        expect(result.accountId).not.toBeNull();
      } finally {
        now = new Date('2026-03-01T12:00:00Z');
      }
    },
  );

  it('without an account carrying the business id: no membership', async () => {
    const result = await client.rpc.call(checksRpc.category, {
      userBusinessId: businessId(),
      graduationYear: 2026,
    });
    expect(result).toMatchObject({
      category: 'graduated',
      accountId: null,
      membershipActive: false,
    });
  });
});

describe('category with the account to link', () => {
  it('uses that account’s membership, and refuses an account without the business id', async () => {
    const id = businessId();
    const account = await client.rpc.call(accountRpc.create, {
      email: `${id.toLowerCase()}@medicalink.test`,
      password: 'a long enough password',
      fullName: 'Occupational Therapist',
      businessId: id,
      membershipExpiresAt: '2027-01-01T00:00:00Z',
    });
    const result = await client.rpc.call(checksRpc.category, {
      userBusinessId: id,
      graduationYear: 2026,
      accountId: account.id,
    });
    expect(result).toMatchObject({
      category: 'new_graduated',
      accountId: account.id,
      membershipExpiresAt: '2027-01-01T00:00:00.000Z',
    });
    const other = await rpcFailure(
      client.rpc.call(checksRpc.category, {
        userBusinessId: businessId(),
        graduationYear: 2026,
        accountId: account.id,
      }),
    );
    expect(other).toMatchObject({ status: 409, code: 'EDUCATION_ACCOUNT_BUSINESS_ID_MISMATCH' });
  });
});

describe('records', () => {
  it('creates the record once when create is retried, and announces it once', async () => {
    const request = createRequest();
    const first = await client.rpc.call(recordRpc.create, request);
    const [again, concurrent] = await Promise.all([
      client.rpc.call(recordRpc.create, request),
      client.rpc.call(recordRpc.create, request),
    ]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    await events.waitFor(educationRecordCreated.name, (body) => body['id'] === first.id);
    const list = await client.rpc.call(recordRpc.list, { userBusinessId: request.userBusinessId });
    expect(list.data).toEqual([first]);
    expect(list.meta.total).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      events.matching(educationRecordCreated.name, (body) => body['id'] === first.id),
    ).toHaveLength(1);
  });

  it('refuses a second record for a business id, and a session reused with other data', async () => {
    const request = createRequest();
    await client.rpc.call(recordRpc.create, request);
    const other = await rpcFailure(
      client.rpc.call(recordRpc.create, { ...request, sessionId: randomUUID() }),
    );
    expect(other).toMatchObject({ code: 'EDUCATION_BUSINESS_ID_TAKEN', status: 409 });
    const changed = await rpcFailure(
      client.rpc.call(recordRpc.create, { ...request, category: 'student' }),
    );
    expect(changed).toMatchObject({ code: 'EDUCATION_SESSION_RECORD_MISMATCH', status: 409 });
  });

  it('two sessions racing for one business id: one record', async () => {
    const request = createRequest();
    const outcomes = await Promise.allSettled([
      client.rpc.call(recordRpc.create, request),
      client.rpc.call(recordRpc.create, { ...request, sessionId: randomUUID() }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const list = await client.rpc.call(recordRpc.list, { userBusinessId: request.userBusinessId });
    expect(list.meta.total).toBe(1);
  });

  it('refuses a graduation year out of range, and answers 404 for an unknown record', async () => {
    const year = await rpcFailure(
      client.rpc.call(
        recordRpc.create,
        createRequest({ educationData: educationData({ graduationYear: 2040 }) }),
      ),
    );
    expect(year).toMatchObject({ status: 400, code: 'EDUCATION_INVALID_RECORD' });
    const missing = await rpcFailure(client.rpc.call(recordRpc.get, { id: randomUUID() }));
    expect(missing.status).toBe(404);
  });
});
