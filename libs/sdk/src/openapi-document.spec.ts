import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, PRODUCT, type RecordedRequest } from '../test/fake-fetch.js';
import { createMedicaLinkClient, type MedicaLinkClient } from './client.js';

/**
 * The SDK against docs/openapi.json, the document the gateway builds from its own routes (a
 * gateway test fails while the file is stale): every request each client method sends must be
 * an operation of the document, with a token exactly where the document asks for one, only
 * query parameters it documents and a body its request schema accepts.
 */
interface OperationObject {
  security: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
type Schema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

const document = JSON.parse(
  readFileSync(resolve(__dirname, '../../../docs/openapi.json'), 'utf8'),
) as OpenApiDocument;

const ID = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';
const EDUCATION = {
  userBusinessId: 'OT-1',
  educationData: { graduationYear: 2020, university: 'u-1', country: 'CA', degreeType: 'masters' },
} as const;
const DOCTOR = {
  email: 'house@example.com',
  password: 'a long password',
  fullName: 'Gregory House',
  specialty: 'Diagnostics',
  licenseNumber: 'NJ-1234',
};

type Call = (client: MedicaLinkClient) => Promise<unknown>;

/** One call of every client method that sends a request of its own, with valid arguments. */
const CALLS: Record<string, Call> = {
  me: (c) => c.me(),
  changePassword: (c) =>
    c.changePassword({ currentPassword: 'old password', newPassword: 'new password 1' }),
  logout: (c) => c.logout(),
  getDoctor: (c) => c.getDoctor(ID),
  performHealthCheck: (c) => c.performHealthCheck(),
  createAccount: (c) =>
    c.createAccount({ email: 'a@example.com', password: 'a long password', fullName: 'A B' }),
  getAccount: (c) => c.getAccount(ID),
  updateAccount: (c) => c.updateAccount(ID, { fullName: 'A C' }),
  deleteAccount: (c) => c.deleteAccount(ID),
  createDoctor: (c) => c.createDoctor(DOCTOR),
  getDoctors: (c) => c.getDoctors([ID]),
  searchDoctors: (c) =>
    c.searchDoctors({ search: 'house', specialty: 'x', status: 'all', page: 1, limit: 5 }),
  updateDoctor: (c) => c.updateDoctor(ID, { bio: 'b', isActive: true }),
  getSaga: (c) => c.getSaga(ID),
  listSagas: (c) =>
    c.listSagas({ state: 'compensation_failed', type: 'doctor-creation', page: 2, limit: 10 }),
  retrySaga: (c) => c.retrySaga(ID),
  getHealth: (c) => c.getHealth(),
  getGatewayMetrics: (c) => c.getGatewayMetrics(),
  listDeadLetters: (c) => c.listDeadLetters('accounts', { page: 1, limit: 10 }),
  replayDeadLetters: (c) => c.replayDeadLetters('accounts', ['m1']),
  createProductSession: (c) => c.createProductSession(),
  addSessionProduct: (c) => c.addSessionProduct(ID, PRODUCT),
  addSessionTarget: (c) => c.addSessionTarget(ID, { osot_location_province: [1] }),
  commitSession: (c) => c.commitSession(ID),
  getSessionProgress: (c) => c.getSessionProgress(ID),
  createProduct: (c) => c.createProduct(PRODUCT),
  getProduct: (c) => c.getProduct(ID),
  replaceProductTarget: (c) => c.replaceProductTarget(ID, { osot_practice_area: null }),
  getProductOptions: (c) => c.getProductOptions(),
  listProducts: (c) =>
    c.listProducts({ page: 1, category: 1, status: 1, year: '2026', search: 'a', province: 3 }),
  stageEducationRegistration: (c) => c.stageEducationRegistration(EDUCATION),
  educationRegistrationStep: async (c) => {
    for (const step of ['validate', 'category', 'create', 'complete'] as const) {
      await c.educationRegistrationStep(ID, step);
    }
    return c.educationRegistrationStep(ID, 'link-account', { accountId: ID });
  },
  getEducationRegistration: (c) => c.getEducationRegistration(ID),
  runEducationRegistration: (c) => c.runEducationRegistration({ ...EDUCATION, accountId: ID }),
  getEducationRegistrationAudit: (c) => c.getEducationRegistrationAudit(ID, { page: 2 }),
  getEducationRecord: (c) => c.getEducationRecord(ID),
  listEducationRecords: (c) => c.listEducationRecords({ userBusinessId: 'OT-1', limit: 5 }),
  listCountries: (c) => c.listCountries({ page: 1 }),
  listUniversities: (c) => c.listUniversities('CA', { limit: 100 }),
  listColleges: (c) => c.listColleges('CA', 'mais', { page: 2, limit: 5 }),
  uploadScheduleImport: (c) =>
    c.uploadScheduleImport({
      file: new Blob(['date,start,end,unit,shift,required\n']),
      fileName: 'roster.csv',
      hospitalId: ID,
      rosterSourceUrl: 'https://roster.example/a',
    }),
  getScheduleImport: (c) => c.getScheduleImport(ID),
  listScheduleImports: (c) => c.listScheduleImports({ hospitalId: ID }),
  getScheduleVersion: (c) => c.getScheduleVersion(ID),
  recalculateCoverage: (c) => c.recalculateCoverage(ID),
  listHospitals: (c) => c.listHospitals({ page: 1 }),
  createHospital: (c) => c.createHospital({ name: 'General Hospital' }),
};

/** The sign-in calls, on clients that hold what each needs. */
const SIGN_IN_CALLS: Record<string, () => Promise<RecordedRequest[]>> = {
  login: async () => {
    const fetch = fakeFetch(() =>
      json(200, { accessToken: 't', tokenType: 'Bearer', expiresIn: 60 }),
    );
    const client = createMedicaLinkClient({
      baseUrl: 'http://gateway.test',
      fetch,
      refreshToken: 'r',
    });
    await client.login({ email: 'a@example.com', password: 'a long password' });
    return fetch.requests;
  },
  refresh: async () => {
    const fetch = fakeFetch((request) =>
      request.path === '/auth/me'
        ? json(401, { statusCode: 401, message: 'expired', operationId: 'o' })
        : json(200, { accessToken: 't2', tokenType: 'Bearer', expiresIn: 60, refreshToken: 'r2' }),
    );
    const client = createMedicaLinkClient({
      baseUrl: 'http://gateway.test',
      fetch,
      token: 't',
      refreshToken: 'r',
    });
    await client.me();
    return fetch.requests.filter((request) => request.path === '/auth/refresh');
  },
};

async function requestsOf(call: Call): Promise<RecordedRequest[]> {
  const fetch = fakeFetch(() =>
    json(200, { accessToken: 't2', tokenType: 'Bearer', expiresIn: 60 }),
  );
  const client = createMedicaLinkClient({
    baseUrl: 'http://gateway.test',
    token: 't',
    fetch,
    enableBatching: false,
    retryAttempts: 0,
  });
  await call(client);
  client.dispose();
  return fetch.requests;
}

/** The document's operation for a request: its path template and operation object. */
function operationFor(request: RecordedRequest) {
  const method = request.method.toLowerCase();
  for (const [template, operations] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    if (pattern.test(request.path) && operations[method]) {
      return { route: `${request.method} ${template}`, operation: operations[method] };
    }
  }
  return undefined;
}

/** A schema, or the component its `$ref` names. */
function resolved(schema: Schema | undefined): Schema | undefined {
  const ref = schema?.['$ref'];
  return typeof ref === 'string'
    ? document.components.schemas[ref.replace('#/components/schemas/', '')]
    : schema;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** OpenAPI 3.0's `nullable` and boolean exclusiveMinimum/Maximum, as the JSON Schema Ajv reads. */
function asDraft7(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asDraft7);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, asDraft7(value)]),
  );
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (copy[flag] === true) {
      copy[flag] = copy[bound];
      delete copy[bound];
    } else if (copy[flag] === false) delete copy[flag];
  }
  if (copy['nullable'] !== true) return copy;
  const { nullable: _nullable, ...value } = copy;
  return { anyOf: [value, { type: 'null' }] };
}

function bodyProblems(request: RecordedRequest, operation: OperationObject): string[] {
  const content = operation.requestBody?.content ?? {};
  if (request.body === undefined) return [];
  if (request.body instanceof FormData) {
    const form = resolved(content['multipart/form-data']?.schema);
    if (!form) return ['sends multipart/form-data the route does not take'];
    const fields = Object.keys(form['properties'] ?? {});
    return [...new Set<string>(request.body.keys())]
      .filter((field) => !fields.includes(field))
      .map((field) => `form field ${field} is not documented`);
  }
  const schema = content['application/json']?.schema;
  if (!schema) return ['sends a JSON body the route does not take'];
  const validate = ajv.compile(asDraft7({ ...schema, components: document.components }) as object);
  return validate(request.body)
    ? []
    : (validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message}`);
}

function problemsOf(request: RecordedRequest): string[] {
  const found = operationFor(request);
  if (!found) return [`${request.method} ${request.path} is not in the document`];
  const { route, operation } = found;
  const documentedQuery = (operation.parameters ?? [])
    .filter((parameter) => parameter.in === 'query')
    .map((parameter) => parameter.name);
  const sendsToken = 'authorization' in request.headers;
  const wantsToken = operation.security.length > 0;
  return [
    ...(sendsToken === wantsToken
      ? []
      : [wantsToken ? 'sends no token to a token route' : 'sends a token to a public route']),
    ...[...request.url.searchParams.keys()]
      .filter((name) => !documentedQuery.includes(name))
      .map((name) => `query parameter ${name} is not documented`),
    ...bodyProblems(request, operation),
  ].map((problem) => `${route}: ${problem}`);
}

describe('the SDK against docs/openapi.json', () => {
  it('calls every route method of the client here', () => {
    // the route methods are the client's function properties (but its private `call`)
    const client = createMedicaLinkClient({ baseUrl: 'http://gateway.test' });
    const routeMethods = Object.entries(client)
      .filter(([name, value]) => typeof value === 'function' && name !== 'call')
      .map(([name]) => name);
    client.dispose();

    expect(routeMethods.filter((name) => !(name in CALLS))).toEqual([]);
  });

  it.each(Object.entries(CALLS))(
    '%s sends documented requests: path, token, query and body',
    async (_name, call) => {
      const requests = await requestsOf(call);

      expect(requests.length).toBeGreaterThan(0);
      expect(requests.flatMap(problemsOf)).toEqual([]);
    },
  );

  it.each(Object.entries(SIGN_IN_CALLS))('%s sends a documented request', async (_name, send) => {
    const requests = await send();

    expect(requests.length).toBeGreaterThan(0);
    expect(requests.flatMap(problemsOf)).toEqual([]);
  });

  it('finds what it should refuse: an undocumented route, a token on a public route, a bad body', () => {
    const request = (method: string, url: string, headers = {}, body?: unknown) => ({
      method,
      url: new URL(url),
      path: new URL(url).pathname,
      headers,
      body,
    });

    expect(problemsOf(request('GET', 'http://g/nowhere'))).toEqual([
      'GET /nowhere is not in the document',
    ]);
    expect(problemsOf(request('GET', 'http://g/health', { authorization: 'Bearer t' }))).toEqual([
      'GET /health: sends a token to a public route',
    ]);
    expect(
      problemsOf(request('POST', 'http://g/hospitals?x=1', { authorization: 'Bearer t' }, {})),
    ).toEqual([
      'POST /hospitals: query parameter x is not documented',
      "POST /hospitals: body must have required property 'name'",
    ]);
  });
});
