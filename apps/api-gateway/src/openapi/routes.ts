import { z } from 'zod';
import {
  Account,
  AccountIdParams,
  CreateAccountBody,
  CreateDoctorBody,
  CreateDoctorResponse,
  DoctorReadResponse,
  DoctorsPageResponse,
  DoctorIdParams,
  PaginatedResponse,
  SagaIdParams,
  SagaView,
  SearchDoctorsQuery,
  UpdateDoctorBody,
  UpdateDoctorResponse,
  GatewayHealth,
  IdempotencyKeyHeaders,
  ConsoleHeaders,
  LoginBody,
  LoginResponse,
  RefreshBody,
  UpdateAccountBody,
  CreateProductBody,
  ListProductsHttpQuery,
  Product,
  ProductOptions,
  ProductIdParams,
  ReplaceProductTargetBody,
  CoverageResult,
  CreateHospitalBody,
  Hospital,
  ListHospitalsQuery,
  ListScheduleImportsQuery,
  ScheduleImportAccepted,
  ScheduleImportForm,
  ScheduleImportIdParams,
  ScheduleImportView,
  ScheduleVersionIdParams,
  ScheduleVersionQuery,
  ScheduleVersionResponse,
  ChangePasswordBody,
  ListSagasQuery,
  RetrySagaResponse,
  SagaListItem,
  DeadLetterServiceParams,
  DeadLettersPage,
  DeadLettersQuery,
  ReplayDeadLettersBody,
  ReplayDeadLettersResponse,
  EventsHeaders,
  EventsQuery,
  LiveEvent,
} from '@medicalink/contracts';
import { EDUCATION_ROUTES } from '../education/education.openapi';
import { PRODUCT_SESSION_ROUTES } from '../products/product-sessions.openapi';
import type { OpenApiRoute } from './openapi-route';

/** Every route the gateway serves; a test checks this table against Nest's router. */
export const OPENAPI_ROUTES: readonly OpenApiRoute[] = [
  {
    method: 'get',
    path: '/health',
    summary:
      'Aggregated health of the five services, RabbitMQ and Redis (no token; a report at most 1 s old, shared by concurrent callers)',
    tags: ['operations'],
    auth: false,
    responses: {
      200: { description: 'healthy or degraded', schema: GatewayHealth },
      503: { description: 'unhealthy', schema: GatewayHealth },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of the gateway process (admin, main)',
    tags: ['operations'],
    auth: true,
    responses: {
      200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' },
      401: { description: 'no valid token' },
      403: { description: 'not admin or main' },
    },
  },
  {
    method: 'post',
    path: '/auth/login',
    summary:
      'Exchange email and password for an access token (rate-limited per IP and per email); `refresh: "token"` adds a refresh token to the reply, `refresh: "cookie"` (the console, with the `x-medicalink-console: 1` header) sets it as an HttpOnly cookie; `remember` makes it renewable for weeks instead of a working day',
    tags: ['auth'],
    auth: false,
    body: LoginBody,
    responses: {
      200: { description: 'an HS256 bearer token', schema: LoginResponse },
      400: { description: 'invalid body; `errors` names the fields' },
      401: { description: 'Invalid email or password (the same for an unknown email)' },
      403: { description: '`refresh: "cookie"` without the console header' },
      429: { description: 'too many attempts; see `Retry-After`' },
    },
  },
  {
    method: 'get',
    path: '/auth/me',
    summary: "The caller's account",
    tags: ['auth'],
    auth: true,
    responses: {
      200: { description: 'the account (never a password or its hash)', schema: Account },
      401: { description: 'missing, invalid or expired token' },
    },
  },
  {
    method: 'post',
    path: '/auth/refresh',
    summary:
      "Exchange a refresh token for a new access token and its successor (rotation): from the body, or the console's HttpOnly cookie with the `x-medicalink-console: 1` header. Presenting a token already exchanged revokes its whole sign-in",
    tags: ['auth'],
    auth: false,
    headers: ConsoleHeaders,
    body: RefreshBody,
    bodyOptional: true,
    responses: {
      200: {
        description:
          'a new access token; `refreshToken` when the old one came in the body (the cookie is replaced otherwise)',
        schema: LoginResponse,
      },
      400: { description: 'invalid body; `errors` names the fields' },
      401: {
        description:
          'no refresh token, or it is unknown, expired (absolute or idle lifetime), revoked (sign-out, password change, deactivation, privilege change) or reused',
      },
      403: { description: 'the cookie came without the console header (CSRF)' },
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary:
      "Sign the caller out everywhere: every refresh token of the account is revoked, its access tokens are refused within seconds, and the console's cookie is cleared",
    tags: ['auth'],
    auth: true,
    responses: {
      204: { description: 'signed out' },
      401: { description: 'missing, invalid or expired token' },
    },
  },
  {
    method: 'post',
    path: '/accounts',
    summary:
      "Create a staff account (admin, main) with at most the caller's privilege; an optional `Idempotency-Key` makes a retry safe",
    tags: ['accounts'],
    auth: true,
    headers: IdempotencyKeyHeaders,
    body: CreateAccountBody,
    responses: {
      201: { description: 'the new account', schema: Account },
      400: { description: 'invalid body; `errors` names the fields' },
      403: { description: 'the caller is an owner, or asks for a privilege above its own' },
      409: { description: 'email already used' },
    },
  },
  {
    method: 'get',
    path: '/accounts/:id',
    summary: 'An account (admin, main: any; owner: its own)',
    tags: ['accounts'],
    auth: true,
    params: AccountIdParams,
    responses: {
      200: { description: 'the account', schema: Account },
      403: { description: 'an owner asking for another account' },
      404: { description: 'no such account' },
    },
  },
  {
    method: 'patch',
    path: '/accounts/:id',
    summary:
      "Update fullName, dob, phone, membershipExpiresAt (admin, main: any account; owner: its own); admin and main also isActive and privilege (never above their own; an admin never changes a main account), which end the account's tokens; emits staff.account.updated",
    tags: ['accounts'],
    auth: true,
    params: AccountIdParams,
    body: UpdateAccountBody,
    responses: {
      200: { description: 'the updated account', schema: Account },
      400: { description: 'invalid body; `errors` names the fields' },
      403: {
        description:
          "an owner changing another account or an admin field, a privilege above the caller's, or an admin changing a main account",
      },
      404: { description: 'no such account' },
    },
  },
  {
    method: 'delete',
    path: '/accounts/:id',
    summary:
      'Deactivate an account (admin, main; an admin never a main account); its tokens stop working within seconds',
    tags: ['accounts'],
    auth: true,
    params: AccountIdParams,
    responses: {
      204: { description: 'deactivated' },
      403: { description: 'an owner, or an admin deactivating a main account' },
      404: { description: 'no such account' },
    },
  },
  {
    method: 'post',
    path: '/auth/password',
    summary:
      "Change the caller's password; every token issued before stops working, the reply carries a new one",
    tags: ['auth'],
    auth: true,
    body: ChangePasswordBody,
    responses: {
      200: { description: 'a new HS256 bearer token', schema: LoginResponse },
      400: { description: 'invalid body; `errors` names the fields' },
      403: { description: 'the current password is wrong' },
      429: { description: 'too many attempts; see `Retry-After`' },
    },
  },
  {
    method: 'post',
    path: '/doctors',
    summary:
      'Create a doctor: account, profile and permissions in one saga, compensated on failure (admin, main); an optional `Idempotency-Key` makes a retry join the same saga',
    tags: ['doctors'],
    auth: true,
    headers: IdempotencyKeyHeaders,
    body: CreateDoctorBody,
    responses: {
      201: { description: 'the saga completed', schema: CreateDoctorResponse },
      400: { description: 'invalid body; `errors` names the fields' },
      409: {
        description: 'email or license number already used; `details.saga` says what was undone',
      },
      503: { description: 'a participant was unavailable; the saga compensated (`details.saga`)' },
    },
  },
  {
    method: 'get',
    path: '/doctors/:id',
    summary:
      'A doctor with its account (cached; `Cache-Control: no-cache` bypasses it for admin and main)',
    tags: ['doctors'],
    auth: true,
    params: DoctorIdParams,
    responses: {
      200: {
        description: 'the composite doctor',
        schema: DoctorReadResponse,
      },
      404: { description: 'no such doctor' },
    },
  },
  {
    method: 'get',
    path: '/doctors',
    summary:
      'Search doctors by name, specialty or license number (cached list); `ids=a,b,c` (at most 100) returns those doctors instead, in that order',
    tags: ['doctors'],
    auth: true,
    query: SearchDoctorsQuery,
    responses: {
      200: {
        description: 'one page of composite doctors',
        schema: DoctorsPageResponse,
      },
    },
  },
  {
    method: 'patch',
    path: '/doctors/:id',
    summary:
      'Update specialty, bio, hospitalIds, isActive (admin, main); emits doctor.profile.updated',
    tags: ['doctors'],
    auth: true,
    params: DoctorIdParams,
    body: UpdateDoctorBody,
    responses: {
      200: {
        description: 'the updated composite doctor',
        schema: UpdateDoctorResponse,
      },
      404: { description: 'no such doctor' },
    },
  },
  {
    method: 'get',
    path: '/events',
    summary:
      "Server-Sent Events of what the caller may see (any token): `id` (resume with Last-Event-ID or ?lastEventId=), `event` (the type, or reset/overflow/end/shutdown), `data`. Admin and main see every event; an owner their own account and registrations and active doctors' public changes",
    tags: ['operations'],
    auth: true,
    query: EventsQuery,
    headers: EventsHeaders,
    responses: {
      200: {
        description: "the stream; each event's data is this object (a comment line every 15 s)",
        schema: LiveEvent,
        contentType: 'text/event-stream',
      },
      400: { description: 'bad types or event id' },
      401: { description: 'no valid token' },
      429: { description: 'too many streams for this token or client address' },
    },
  },
  {
    method: 'get',
    path: '/sagas/:id',
    summary: 'A saga with its step journal (admin, main)',
    tags: ['sagas'],
    auth: true,
    params: SagaIdParams,
    responses: {
      200: { description: 'the saga', schema: SagaView },
      404: { description: 'no such saga' },
    },
  },
  {
    method: 'post',
    path: '/private/products',
    summary:
      'Create a product directly, with an open-to-all audience target (admin, main); emits product.product.created. Prices are JSON numbers 0..999999.99 with at most 2 decimals, stored exactly; an optional `Idempotency-Key` makes a retry safe',
    tags: ['products'],
    auth: true,
    headers: IdempotencyKeyHeaders,
    body: CreateProductBody,
    responses: {
      201: { description: 'the product with its target', schema: Product },
      400: { description: 'invalid body; `errors` names every invalid field' },
      403: { description: 'the caller is an owner' },
      409: { description: 'the product code (compared case-insensitively) already exists' },
    },
  },
  {
    method: 'get',
    path: '/private/products',
    summary:
      'List products (admin, main): filters `category`, `status`, `year`, `search` (code or name); audience match `province`, `registrationClass`, `practiceArea`, `yearsInPractice`, `employmentStatus`, `employmentSector` (one integer each: products whose target criterion is null, i.e. open to all, or contains it)',
    tags: ['products'],
    auth: true,
    query: ListProductsHttpQuery,
    responses: {
      200: {
        description: 'one page of products, ordered by name',
        schema: PaginatedResponse(Product),
      },
      400: { description: 'invalid query; `errors` names the parameters' },
      403: { description: 'the caller is an owner' },
    },
  },
  {
    method: 'get',
    path: '/private/products/options',
    summary:
      'The option sets of the choice fields with their labels (admin, main): category, status, glCode and the six audience criteria, each `[{ value, label }]` in display order',
    tags: ['products'],
    auth: true,
    responses: {
      200: { description: 'every option set', schema: ProductOptions },
      403: { description: 'the caller is an owner' },
    },
  },
  {
    method: 'get',
    path: '/private/products/:id',
    summary: 'A product with its audience target (admin, main)',
    tags: ['products'],
    auth: true,
    params: ProductIdParams,
    responses: {
      200: { description: 'the product', schema: Product },
      400: { description: 'the id is not a UUID' },
      403: { description: 'the caller is an owner' },
      404: { description: 'no such product' },
    },
  },
  {
    method: 'patch',
    path: '/private/products/:id/target',
    summary:
      "Replace a product's audience target (admin, main): each criterion an array of integers, or null/omitted for open to all; emits product.target.replaced when it changed",
    tags: ['products'],
    auth: true,
    params: ProductIdParams,
    body: ReplaceProductTargetBody,
    responses: {
      200: { description: 'the product with its new target', schema: Product },
      400: { description: 'invalid body; `errors` names the fields' },
      403: { description: 'the caller is an owner' },
      404: { description: 'no such product' },
    },
  },
  ...PRODUCT_SESSION_ROUTES,
  ...EDUCATION_ROUTES,
  {
    method: 'post',
    path: '/schedules/imports',
    summary:
      'Import a schedule spreadsheet (admin, main): multipart `file` (.ods, .xlsx, .csv), `hospitalId`, optional `rosterSourceUrl`; runs in the background (spreadsheet, roster, coverage); an `Idempotency-Key` gives the same import',
    tags: ['schedules'],
    auth: true,
    headers: IdempotencyKeyHeaders,
    body: ScheduleImportForm,
    bodyContentType: 'multipart/form-data',
    responses: {
      202: {
        description: 'accepted; poll GET /schedules/imports/:id',
        schema: ScheduleImportAccepted,
      },
      400: { description: 'missing or invalid field, missing or empty file, unknown hospital' },
      409: { description: 'the hospital has an import in progress (`details.importId`)' },
      413: { description: 'the file is larger than SCHEDULE_MAX_FILE_BYTES' },
      415: { description: 'not multipart, or the file is not .ods, .xlsx or .csv' },
    },
  },
  {
    method: 'get',
    path: '/schedules/imports/:id',
    summary:
      'An import: status, each phase with its messages, merged validation, result ids and timings; its roster URL (without credentials or query) and who started it for admin and main only',
    tags: ['schedules'],
    auth: true,
    params: ScheduleImportIdParams,
    responses: {
      200: { description: 'the import', schema: ScheduleImportView },
      404: { description: 'no such import' },
    },
  },
  {
    method: 'get',
    path: '/schedules/imports',
    summary:
      'Imports, latest first, optionally of one hospital; roster URLs and who started each for admin and main only',
    tags: ['schedules'],
    auth: true,
    query: ListScheduleImportsQuery,
    responses: {
      200: { description: 'one page of imports', schema: PaginatedResponse(ScheduleImportView) },
    },
  },
  {
    method: 'get',
    path: '/schedules/versions/:id',
    summary: 'A schedule version with one page of its shifts, their assignments and coverage',
    tags: ['schedules'],
    auth: true,
    params: ScheduleVersionIdParams,
    query: ScheduleVersionQuery,
    responses: {
      200: { description: 'the version and a page of shifts', schema: ScheduleVersionResponse },
      404: { description: 'no such version' },
    },
  },
  {
    method: 'post',
    path: '/schedules/versions/:id/coverage',
    summary: 'Recalculate the coverage of a schedule version (admin, main)',
    tags: ['schedules'],
    auth: true,
    params: ScheduleVersionIdParams,
    responses: {
      200: { description: 'the new coverage totals', schema: CoverageResult },
      404: { description: 'no such version' },
    },
  },
  {
    method: 'get',
    path: '/hospitals',
    summary:
      'Hospitals by name; their roster source URL (without credentials or query) for admin and main only',
    tags: ['hospitals'],
    auth: true,
    query: ListHospitalsQuery,
    responses: {
      200: { description: 'one page of hospitals', schema: PaginatedResponse(Hospital) },
    },
  },
  {
    method: 'post',
    path: '/hospitals',
    summary: 'Create a hospital (admin, main), optionally with its roster source URL',
    tags: ['hospitals'],
    auth: true,
    headers: IdempotencyKeyHeaders,
    body: CreateHospitalBody,
    responses: {
      201: { description: 'the hospital', schema: Hospital },
      400: { description: 'invalid body; `errors` names the fields' },
      409: { description: 'a hospital with this name exists' },
    },
  },
  {
    method: 'get',
    path: '/sagas',
    summary:
      'Sagas of any type, newest first, filtered by state, type and creation time in [from, to) (admin, main)',
    tags: ['sagas', 'operations'],
    auth: true,
    query: ListSagasQuery,
    responses: {
      200: { description: 'a page of sagas', schema: PaginatedResponse(SagaListItem) },
      400: { description: 'invalid filter; `errors` names the parameters' },
    },
  },
  {
    method: 'post',
    path: '/sagas/:id/retry',
    summary:
      'Resume the compensation of a compensation_failed saga once its cause is fixed; the journal records who and when (admin, main)',
    tags: ['sagas', 'operations'],
    auth: true,
    params: SagaIdParams,
    responses: {
      202: { description: 'compensation resumes in the background', schema: RetrySagaResponse },
      404: { description: 'no such saga' },
      409: {
        description: 'the saga is not compensation_failed, or another saga holds its business key',
      },
    },
  },
  {
    method: 'get',
    path: '/admin/dead-letters/:service',
    summary:
      "The messages in a service's dead-letter queue, in queue order, with their error headers; none is removed. Bodies past 8 KiB are previews (bodyTruncated, bodyBytes), and a page carries at most 256 KiB of bodies (admin, main)",
    tags: ['operations'],
    auth: true,
    params: DeadLetterServiceParams,
    query: DeadLettersQuery,
    responses: {
      200: { description: 'a page of dead letters', schema: DeadLettersPage },
      400: { description: 'unknown service, or page * limit beyond 10000' },
      503: { description: 'RabbitMQ unreachable' },
    },
  },
  {
    method: 'post',
    path: '/admin/dead-letters/:service/replay',
    summary:
      "Send dead letters (all, or those listed by id) back to the service's queue with a fresh attempt count; each replay is counted and logged with the caller's account id, which the copy carries as x-replayed-by (admin, main)",
    tags: ['operations'],
    auth: true,
    params: DeadLetterServiceParams,
    body: ReplayDeadLettersBody,
    responses: {
      200: { description: 'how many were replayed', schema: ReplayDeadLettersResponse },
      400: { description: 'unknown service or invalid body' },
      503: { description: 'RabbitMQ unreachable' },
    },
  },
];
