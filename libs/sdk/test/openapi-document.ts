import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMedicaLinkClient, type MedicaLinkClient } from '../src/client.js';
import { fakeFetch, json, PRODUCT, type RecordedRequest } from './fake-fetch.js';

/** docs/openapi.json, the document the gateway builds from its own routes, and the SDK's calls. */
export interface OperationObject {
  security: unknown[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
export type Schema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

export const document = JSON.parse(
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

export type Call = (client: MedicaLinkClient) => Promise<unknown>;

/** One call of every client method that sends a request of its own, with valid arguments. */
export const CALLS: Record<string, Call> = {
  me: (c) => c.me(),
  changePassword: (c) =>
    c.changePassword({ currentPassword: 'old password', newPassword: 'new password 1' }),
  logout: (c) => c.logout(),
  getDoctor: (c) => c.getDoctor(ID),
  performHealthCheck: (c) => c.performHealthCheck(),
  createAccount: (c) =>
    c.createAccount({ email: 'a@example.com', password: 'a long password', fullName: 'A B' }),
  listAccounts: (c) =>
    c.listAccounts({ search: 'ot-1', privilege: 'owner', status: 'active', page: 2, limit: 10 }),
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
  getServiceErrors: (c) => c.getServiceErrors('directory'),
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
  listEducationRegistrations: (c) =>
    c.listEducationRegistrations({
      status: 'validated',
      userBusinessId: 'OT-1',
      page: 1,
      limit: 5,
    }),
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
  // the cross-service operations, through every route they call
  onboardDoctor: (c) => c.onboardDoctor(DOCTOR),
  createProductWithTarget: (c) => c.createProductWithTarget(PRODUCT, { osot_practice_area: [2] }),
  registerEducation: (c) => c.registerEducation({ ...EDUCATION, accountId: ID }),
  importSchedule: (c) =>
    c.importSchedule({
      file: new Blob(['date,start,end,unit,shift,required\n']),
      fileName: 'roster.csv',
      hospitalId: ID,
    }),
};

/**
 * One reply for every route: enough of each for the operations to go on to their next step
 * (a session id, a completed import, a passing validation, a committed product).
 */
const ANY_SUCCESS = {
  accessToken: 't2',
  tokenType: 'Bearer',
  expiresIn: 60,
  success: true,
  isValid: true,
  sessionId: ID,
  sagaId: ID,
  accountId: ID,
  doctorId: ID,
  importId: ID,
  productGuid: ID,
  status: 'completed',
  phases: [],
  data: { id: ID },
  cache: { hit: false, ttl: 0 },
};

/** The sign-in calls, on clients that hold what each needs. */
export const SIGN_IN_CALLS: Record<string, () => Promise<RecordedRequest[]>> = {
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

export async function requestsOf(call: Call): Promise<RecordedRequest[]> {
  const fetch = fakeFetch(() => json(200, ANY_SUCCESS));
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
export function operationFor(request: RecordedRequest) {
  const method = request.method.toLowerCase();
  const matching = Object.entries(document.paths).filter(
    ([template, operations]) =>
      operations[method] &&
      new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(request.path),
  );
  // as the router does: a static segment wins over a parameter (/products/options, not /{id})
  const parameters = (template: string) => template.split('{').length;
  const [template, operations] =
    matching.sort(([a], [b]) => parameters(a) - parameters(b))[0] ?? [];
  return template && operations
    ? { route: `${request.method} ${template}`, operation: operations[method]! }
    : undefined;
}

/** A schema, or the component its `$ref` names. */
export function resolved(schema: Schema | undefined): Schema | undefined {
  const ref = schema?.['$ref'];
  return typeof ref === 'string'
    ? document.components.schemas[ref.replace('#/components/schemas/', '')]
    : schema;
}
