import { z } from 'zod';
import {
  IdempotencyKeyHeaders,
  PaginatedResponse,
  CategoryRegistrationResponse,
  College,
  CollegesReferenceQuery,
  CountriesReferenceQuery,
  CompleteRegistrationResponse,
  Country,
  CreateRegistrationRecordResponse,
  EducationRecord,
  EducationRecordIdParams,
  LinkAccountBody,
  LinkAccountResponse,
  ListEducationRecordsQuery,
  RegistrationAuditQuery,
  RegistrationAuditResponse,
  RegistrationIdParams,
  RegistrationView,
  RunRegistrationBody,
  RunRegistrationResponse,
  StageRegistrationBody,
  StageRegistrationResponse,
  UniversitiesReferenceQuery,
  University,
  ValidateRegistrationResponse,
} from '@medicalink/contracts';
import type { OpenApiRoute } from '../openapi/openapi-route';

/** The education routes: registrations, records and reference data. */
function educationRoutes(): OpenApiRoute[] {
  const notFound = { description: 'unknown or expired session, or another owner’s' };
  const wrongStatus = {
    description: 'the session is not in the status this step starts from (the message names both)',
  };
  const step = (
    path: string,
    summary: string,
    schema: z.ZodType,
    extra: Partial<OpenApiRoute> = {},
  ): OpenApiRoute => ({
    method: 'post',
    path: `/education/registrations/:id/${path}`,
    summary,
    tags: ['education'],
    auth: true,
    params: RegistrationIdParams,
    ...extra,
    responses: {
      200: { description: 'the step ran; the session moved on', schema },
      404: notFound,
      409: wrongStatus,
      ...extra.responses,
    },
  });
  return [
    {
      method: 'post',
      path: '/education/registrations',
      summary:
        'Stage an education registration (a session in Redis, TTL `options.expirationHours`, default 24, max 72; `skipValidation` admin and main only); an optional `Idempotency-Key` makes a retry return the same session',
      tags: ['education'],
      auth: true,
      headers: IdempotencyKeyHeaders,
      body: StageRegistrationBody,
      responses: {
        201: { description: 'the staged session', schema: StageRegistrationResponse },
        400: { description: 'invalid body; `errors` names the fields' },
        403: {
          description:
            "an owner asking for skipValidation, or staging a business id that is not its own account's",
        },
      },
    },
    {
      method: 'post',
      path: '/education/registrations/run',
      summary:
        'The whole workflow in one call (stage, validate, category, link-account, create, complete); stops at the first failing step and returns the session with that step’s result',
      tags: ['education'],
      auth: true,
      headers: IdempotencyKeyHeaders,
      body: RunRegistrationBody,
      responses: {
        201: {
          description: '`completed` true, or the step it stopped at (`failedStep`, `stepResult`)',
          schema: RunRegistrationResponse,
        },
        400: { description: 'invalid body; `errors` names the fields' },
        403: {
          description:
            "an owner asking for skipValidation, or staging a business id that is not its own account's",
        },
      },
    },
    step(
      'validate',
      'Run every check (college-country, university-country, business id uniqueness against records and live sessions, graduation year, degree type, access modifier); staged -> validated when no check fails critically, else creation_failed with `lastError`',
      ValidateRegistrationResponse,
    ),
    step(
      'category',
      'Determine the category (student, new_graduated, graduated) from the graduation year and the membership of the account carrying the business id (decided again at link-account with the linked account); validated -> category_determined',
      CategoryRegistrationResponse,
    ),
    step(
      'link-account',
      'Link an active account carrying the session’s business id (owners: their own; admin and main may link one without a business id, which receives it, if they may change that account) and decide the category again with its membership; category_determined -> account_linked',
      LinkAccountResponse,
      {
        body: LinkAccountBody,
        responses: {
          200: { description: 'linked', schema: LinkAccountResponse },
          403: {
            description:
              'an owner linking another account, or staff an account they may not change',
          },
          409: { description: 'wrong status, inactive account, or another business id' },
        },
      },
    ),
    step(
      'create',
      'Persist the education record (once per session: a retry returns the same record); a failure sets creation_failed, from where create may be retried',
      CreateRegistrationRecordResponse,
      {
        responses: {
          200: { description: 'created', schema: CreateRegistrationRecordResponse },
          409: { description: 'wrong status, or the business id already has a record' },
          503: {
            description: 'the education service is unavailable; the session is creation_failed',
          },
        },
      },
    ),
    step(
      'complete',
      'Finish the workflow; education_created -> workflow_completed',
      CompleteRegistrationResponse,
    ),
    {
      method: 'get',
      path: '/education/registrations/:id',
      summary: 'A registration: status, progress flags, validation, category, ids',
      tags: ['education'],
      auth: true,
      params: RegistrationIdParams,
      responses: { 200: { description: 'the session', schema: RegistrationView }, 404: notFound },
    },
    {
      method: 'get',
      path: '/education/registrations/:id/audit',
      summary:
        'Every transition, refusal and failure of a registration, with who did it (kept after the session expires)',
      tags: ['education'],
      auth: true,
      params: RegistrationIdParams,
      query: RegistrationAuditQuery,
      responses: {
        200: { description: 'one page, oldest first', schema: RegistrationAuditResponse },
        404: { description: 'no trail for this id, or another owner’s' },
      },
    },
    {
      method: 'get',
      path: '/education/records/:id',
      summary: 'An education record (owners: records of their own account)',
      tags: ['education'],
      auth: true,
      params: EducationRecordIdParams,
      responses: {
        200: { description: 'the record', schema: EducationRecord },
        404: { description: 'no such record (or another owner’s)' },
      },
    },
    {
      method: 'get',
      path: '/education/records',
      summary: 'Education records, by business id (owners: their own account’s)',
      tags: ['education'],
      auth: true,
      query: ListEducationRecordsQuery,
      responses: {
        200: { description: 'one page of records', schema: PaginatedResponse(EducationRecord) },
      },
    },
    {
      method: 'get',
      path: '/education/reference/countries',
      summary: 'ISO 3166-1 countries by code, with the reference data version',
      tags: ['education'],
      auth: true,
      query: CountriesReferenceQuery,
      responses: {
        200: {
          description: 'one page of countries',
          schema: PaginatedResponse(Country).extend({ version: z.string() }),
        },
      },
    },
    {
      method: 'get',
      path: '/education/reference/universities',
      summary: 'The universities of a country',
      tags: ['education'],
      auth: true,
      query: UniversitiesReferenceQuery,
      responses: {
        200: { description: 'one page, by name', schema: PaginatedResponse(University) },
      },
    },
    {
      method: 'get',
      path: '/education/reference/colleges',
      summary:
        'The colleges of a country, by name; `search` is fuzzy (case, accents and misspellings tolerated), best matches first',
      tags: ['education'],
      auth: true,
      query: CollegesReferenceQuery,
      responses: {
        200: { description: 'one page of colleges', schema: PaginatedResponse(College) },
      },
    },
  ];
}

export const EDUCATION_ROUTES: readonly OpenApiRoute[] = educationRoutes();
