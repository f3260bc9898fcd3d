import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayClient, type Json, type Reply } from '../gateway-client';
import { repoRoot } from '../processes';
import { seedProductBody } from '../product-fixtures';
import type { FuzzTarget } from './fuzz-requests';
import type { KnownIds } from './openapi-arbitraries';

type Http = ReturnType<typeof gatewayClient>;

export interface SeedContext {
  gatewayUrl: string;
  main: { email: string; password: string; token: string };
  /** puts one message in a service's dead-letter queue and returns its id (a system started here) */
  seedDeadLetter?: () => Promise<string>;
}

/** The sample spreadsheets of the schedule template. */
export function sampleSchedules(): { name: string; content: Buffer }[] {
  const fixtures = join(repoRoot(), 'apps/provider-directory/test/fixtures');
  return ['csv', 'xlsx', 'ods'].map((kind) => ({
    name: `schedule-sample.${kind}`,
    content: readFileSync(join(fixtures, `schedule-sample.${kind}`)),
  }));
}

const tag = () => randomUUID().slice(0, 8);

function created<T>(reply: Reply<T>, expected: number, what: string): T {
  if (reply.status !== expected) {
    throw new Error(
      `fuzz seed: ${what} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
  }
  return reply.body;
}

const registration = (userBusinessId: string) => ({
  userBusinessId,
  educationData: {
    graduationYear: 2019,
    university: 'ca-universite-de-montreal',
    country: 'CA',
    degreeType: 'masters',
  },
});

/**
 * Real ids of every kind a route looks up, made through the gateway as its main account:
 * accounts (with business ids), a doctor and its saga, hospitals, a finished schedule import
 * and its version, products, product sessions in several states, education registrations
 * (staged, and one run to its record), and a dead letter when the system was started here.
 * Also request bodies known to pass validation (`examples`), for the routes whose schema alone
 * rarely yields one (prices with two decimals, real credentials, a registration's reference data).
 */
export async function seedFuzzTarget(
  context: SeedContext,
): Promise<Pick<FuzzTarget, 'known' | 'examples'>> {
  const http = gatewayClient(context.gatewayUrl);
  const token = context.main.token;
  const post = <T = Json>(path: string, body?: unknown) =>
    http.call<T>('POST', path, { token, ...(body === undefined ? {} : { body }) });

  const owners = await Promise.all(
    [1, 2, 3].map(async () => {
      const businessId = `FUZZ-${tag()}`;
      const account = created(
        await post<{ id: string }>('/accounts', {
          email: `fuzz-ot-${tag()}@medicalink.local`,
          password: `Fuzz-${randomUUID()}`,
          fullName: 'Fuzz Therapist',
          businessId,
        }),
        201,
        'POST /accounts',
      );
      return { id: account.id, businessId };
    }),
  );
  const doctor = created(
    await post<{ sagaId: string; accountId: string; doctorId: string }>('/doctors', {
      email: `fuzz-dr-${tag()}@medicalink.local`,
      password: `Fuzz-${randomUUID()}`,
      fullName: `Dr. Fuzz ${tag()}`,
      specialty: 'Cardiology',
      licenseNumber: `FUZZ-${tag()}`,
    }),
    201,
    'POST /doctors',
  );
  const hospitals = await Promise.all(
    [1, 2].map(async () =>
      created(
        await post<{ id: string }>('/hospitals', { name: `Fuzz Hospital ${tag()}` }),
        201,
        'POST /hospitals',
      ),
    ),
  );
  const schedule = await seedImport(http, context, hospitals[0]!.id);
  const products = await Promise.all(
    [1, 2].map(async () =>
      created(
        await post<{ id: string }>('/private/products', seedProductBody()),
        201,
        'POST /private/products',
      ),
    ),
  );
  const sessions = await seedProductSessions(post);
  const registrations = await Promise.all(
    owners
      .slice(0, 2)
      .map(async (owner) =>
        created(
          await post<{ sessionId: string }>(
            '/education/registrations',
            registration(owner.businessId),
          ),
          201,
          'POST /education/registrations',
        ),
      ),
  );
  const completed = created(
    await post<{ session: { sessionId: string; createdEducationId: string | null } }>(
      '/education/registrations/run',
      { ...registration(owners[2]!.businessId), accountId: owners[2]!.id },
    ),
    201,
    'POST /education/registrations/run',
  );
  const deadLetter = await context.seedDeadLetter?.();
  const refreshTokens = await seedRefreshTokens(http, post);

  const known: KnownIds = {
    accounts: [...owners.map((owner) => owner.id), doctor.accountId],
    doctors: [doctor.doctorId],
    sagas: [doctor.sagaId, schedule.importId],
    hospitals: hospitals.map((hospital) => hospital.id),
    imports: [schedule.importId],
    versions: schedule.versionId ? [schedule.versionId] : [],
    products: products.map((product) => product.id),
    productSessions: sessions,
    registrations: [
      ...registrations.map((staged) => staged.sessionId),
      completed.session.sessionId,
    ],
    educationRecords: completed.session.createdEducationId
      ? [completed.session.createdEducationId]
      : [],
    deadLetters: deadLetter ? [deadLetter] : [],
  };
  const examples: Record<string, unknown[]> = {
    'POST /auth/login': [{ email: context.main.email, password: context.main.password }],
    // each exchanged once, then refused as reused (which ends only that account's sign-in)
    'POST /auth/refresh': refreshTokens.map((refreshToken) => ({ refreshToken })),
    'POST /accounts': [
      { email: `fuzz-new-${tag()}@medicalink.local`, password: `Fuzz-${tag()}`, fullName: 'N' },
    ],
    'PATCH /accounts/{id}': [{ fullName: 'Fuzz Renamed' }, { phone: '+44 20 7946 0000' }],
    'POST /doctors': [
      {
        email: `fuzz-dr-${tag()}@medicalink.local`,
        password: `Fuzz-${randomUUID()}`,
        fullName: 'Dr. Fuzz Again',
        specialty: 'Neurology',
        licenseNumber: `FUZZ-${tag()}`,
        hospitalIds: [hospitals[1]!.id],
      },
    ],
    'PATCH /doctors/{id}': [{ bio: 'Fuzzed biography' }, { specialty: 'Oncology' }],
    'POST /hospitals': [{ name: `Fuzz Hospital ${tag()}` }],
    'POST /private/products': [seedProductBody(), seedProductBody({ inventory: 1 })],
    'PATCH /private/products/{id}/target': [{ osot_location_province: [1, 2] }, {}],
    'POST /private/products/orchestrate/session/{id}/product': [seedProductBody()],
    'POST /private/products/orchestrate/session/{id}/audience-target': [
      { osot_practice_area: [3] },
    ],
    'POST /education/registrations': [
      registration(owners[0]!.businessId),
      registration(`FUZZ-${tag()}`),
    ],
    'POST /education/registrations/run': [
      { ...registration(owners[1]!.businessId), accountId: owners[1]!.id },
    ],
    'POST /education/registrations/{id}/link-account': owners.map((owner) => ({
      accountId: owner.id,
    })),
    'POST /admin/dead-letters/{service}/replay': deadLetter ? [{ messageIds: [deadLetter] }] : [],
  };
  return { known, examples };
}

/** Refresh tokens of sign-ins of an account of their own (a reuse revokes only those). */
async function seedRefreshTokens(
  http: Http,
  post: <T = Json>(path: string, body?: unknown) => Promise<Reply<T>>,
): Promise<string[]> {
  const account = { email: `fuzz-refresh-${tag()}@medicalink.local`, password: `Fuzz-${tag()}` };
  created(await post('/accounts', { ...account, fullName: 'Fuzz Refresh' }), 201, 'POST /accounts');
  return Promise.all(
    [1, 2, 3].map(async () => {
      const signIn = await http.call<{ refreshToken?: string }>('POST', '/auth/login', {
        body: { ...account, refresh: 'token' },
      });
      const { refreshToken } = created(signIn, 200, 'POST /auth/login with a refresh token');
      if (!refreshToken) throw new Error('fuzz seed: the login gave no refresh token');
      return refreshToken;
    }),
  );
}

/** An import of the sample CSV, finished, with the version it made. */
async function seedImport(
  http: Http,
  context: SeedContext,
  hospitalId: string,
): Promise<{ importId: string; versionId?: string }> {
  const form = new FormData();
  form.append('hospitalId', hospitalId);
  const csv = sampleSchedules().find((file) => file.name.endsWith('.csv'))!;
  form.append('file', new Blob([csv.content]), csv.name);
  const response = await fetch(`${context.gatewayUrl}/schedules/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${context.main.token}` },
    body: form,
  });
  const accepted = (await response.json()) as { importId: string };
  if (response.status !== 202) {
    throw new Error(`fuzz seed: POST /schedules/imports answered ${response.status}`);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await http.call<{ status: string; result?: { scheduleVersionId?: string } }>(
      'GET',
      `/schedules/imports/${accepted.importId}`,
      { token: context.main.token },
    );
    if (view.body.status === 'completed' || view.body.status === 'failed') {
      const versionId = view.body.result?.scheduleVersionId;
      return { importId: accepted.importId, ...(versionId ? { versionId } : {}) };
    }
    if (Date.now() > deadline) throw new Error('fuzz seed: the import did not finish in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Product sessions of the main account: one initiated, two with a product (one targeted). */
async function seedProductSessions(
  post: <T = Json>(path: string, body?: unknown) => Promise<Reply<T>>,
): Promise<string[]> {
  const base = '/private/products/orchestrate/session';
  const ids = await Promise.all(
    [1, 2, 3].map(async () =>
      created(await post<{ sessionId: string }>(`${base}/create`), 201, 'session/create'),
    ),
  );
  for (const { sessionId } of ids.slice(1)) {
    created(await post(`${base}/${sessionId}/product`, seedProductBody()), 200, 'session product');
  }
  created(
    await post(`${base}/${ids[2]!.sessionId}/audience-target`, { osot_location_province: [1] }),
    200,
    'session audience-target',
  );
  return ids.map((session) => session.sessionId);
}
