import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import {
  CategoryRegistrationResponse,
  CollegesReferenceQuery,
  CollegesReferenceResponse,
  CompleteRegistrationResponse,
  CountriesReferenceQuery,
  CountriesReferenceResponse,
  CreateRegistrationRecordResponse,
  EducationRecord,
  EducationRecordIdParams,
  IdempotencyKeyHeaders,
  LinkAccountBody,
  LinkAccountResponse,
  ListEducationRecordsQuery,
  ListRegistrationsQuery,
  PaginatedResponse,
  RegistrationAuditQuery,
  RegistrationAuditResponse,
  RegistrationIdParams,
  RegistrationListItem,
  RegistrationView,
  RunRegistrationBody,
  RunRegistrationResponse,
  StageRegistrationBody,
  StageRegistrationResponse,
  UniversitiesReferenceQuery,
  UniversitiesReferenceResponse,
  ValidateRegistrationResponse,
  type JwtClaims,
} from '@medicalink/contracts';
import { Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags, INVALID_BODY, type ApiRouteSpec } from '../openapi/api-route.decorator';
import { EducationService } from './education.service';

const IdParams = new ZodValidationPipe(RegistrationIdParams);

const notFound = { description: 'unknown or expired session, or another owner’s' };
const wrongStatus = {
  description: 'the session is not in the status this step starts from (the message names both)',
};
const staffOnly = {
  description:
    "an owner asking for skipValidation, or staging a business id that is not its own account's",
};
/** A step of the registration: 200 with the session moved on, 404, 409 (unless overridden). */
const step = (summary: string, schema: z.ZodType, responses: ApiRouteSpec['responses'] = {}) =>
  ApiRoute({
    summary,
    responses: {
      200: { description: 'the step ran; the session moved on', schema },
      404: notFound,
      409: wrongStatus,
      ...responses,
    },
  });

/** Every route needs a token; who reaches which registration or record is decided downstream. */
@Controller('education')
@Authenticated()
@ApiTags('education')
export class EducationController {
  constructor(private readonly education: EducationService) {}

  @Post('registrations')
  @HttpCode(201)
  @ApiRoute({
    summary:
      'Stage an education registration (a session in Redis, TTL `options.expirationHours`, default 24, max 72; `skipValidation` admin and main only); an optional `Idempotency-Key` makes a retry return the same session',
    responses: {
      201: { description: 'the staged session', schema: StageRegistrationResponse },
      400: INVALID_BODY,
      403: staffOnly,
    },
  })
  stage(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(StageRegistrationBody)) body: StageRegistrationBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.education.stage(caller, body, headers['idempotency-key']);
  }

  @Post('registrations/run')
  @HttpCode(201)
  @ApiRoute({
    summary:
      'The whole workflow in one call (stage, validate, category, link-account, create, complete); stops at the first failing step and returns the session with that step’s result',
    responses: {
      201: {
        description: '`completed` true, or the step it stopped at (`failedStep`, `stepResult`)',
        schema: RunRegistrationResponse,
      },
      400: INVALID_BODY,
      403: staffOnly,
    },
  })
  run(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(RunRegistrationBody)) body: RunRegistrationBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.education.run(caller, body, headers['idempotency-key']);
  }

  @Post('registrations/:id/validate')
  @HttpCode(200)
  @step(
    'Run every check (college-country, university-country, business id uniqueness against records and live sessions, graduation year, degree type, access modifier); staged -> validated when no check fails critically, else creation_failed with `lastError`',
    ValidateRegistrationResponse,
  )
  validate(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'validate', params.id);
  }

  @Post('registrations/:id/category')
  @HttpCode(200)
  @step(
    'Determine the category (student, new_graduated, graduated) from the graduation year and the membership of the account carrying the business id (decided again at link-account with the linked account); validated -> category_determined',
    CategoryRegistrationResponse,
  )
  category(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'category', params.id);
  }

  @Post('registrations/:id/link-account')
  @HttpCode(200)
  @step(
    'Link an active account carrying the session’s business id (owners: their own; admin and main may link one without a business id, which receives it, if they may change that account) and decide the category again with its membership; category_determined -> account_linked',
    LinkAccountResponse,
    {
      200: { description: 'linked', schema: LinkAccountResponse },
      403: {
        description: 'an owner linking another account, or staff an account they may not change',
      },
      409: { description: 'wrong status, inactive account, or another business id' },
    },
  )
  linkAccount(
    @CurrentUser() caller: JwtClaims,
    @Param(IdParams) params: RegistrationIdParams,
    @Body(new ZodValidationPipe(LinkAccountBody)) body: LinkAccountBody,
  ) {
    return this.education.linkAccount(caller, params.id, body.accountId);
  }

  @Post('registrations/:id/create')
  @HttpCode(200)
  @step(
    'Persist the education record (once per session: a retry returns the same record); a failure sets creation_failed, from where create may be retried',
    CreateRegistrationRecordResponse,
    {
      200: { description: 'created', schema: CreateRegistrationRecordResponse },
      409: { description: 'wrong status, or the business id already has a record' },
      503: {
        description: 'the education service is unavailable; the session is creation_failed',
      },
    },
  )
  create(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'create', params.id);
  }

  @Post('registrations/:id/complete')
  @HttpCode(200)
  @step(
    'Finish the workflow; education_created -> workflow_completed',
    CompleteRegistrationResponse,
  )
  complete(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'complete', params.id);
  }

  @Get('registrations')
  @ApiRoute({
    summary:
      'Registrations, newest first, filtered by `status` and `userBusinessId`, expired ones included (owners: the ones they started)',
    responses: {
      200: {
        description: 'a page of registrations',
        schema: PaginatedResponse(RegistrationListItem),
      },
      400: { description: 'invalid filter; `errors` names the parameters' },
    },
  })
  list(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(ListRegistrationsQuery)) query: ListRegistrationsQuery,
  ) {
    return this.education.list(caller, query);
  }

  @Get('registrations/:id')
  @ApiRoute({
    summary: 'A registration: status, progress flags, validation, category, ids',
    responses: { 200: { description: 'the session', schema: RegistrationView }, 404: notFound },
  })
  get(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'get', params.id);
  }

  @Get('registrations/:id/audit')
  @ApiRoute({
    summary:
      'Every transition, refusal and failure of a registration, with who did it (kept after the session expires)',
    responses: {
      200: { description: 'one page, oldest first', schema: RegistrationAuditResponse },
      404: { description: 'no trail for this id, or another owner’s' },
    },
  })
  audit(
    @CurrentUser() caller: JwtClaims,
    @Param(IdParams) params: RegistrationIdParams,
    @Query(new ZodValidationPipe(RegistrationAuditQuery)) query: RegistrationAuditQuery,
  ) {
    return this.education.audit(caller, params.id, query);
  }

  @Get('records/:id')
  @ApiRoute({
    summary: 'An education record (owners: records of their own account)',
    responses: {
      200: { description: 'the record', schema: EducationRecord },
      404: { description: 'no such record (or another owner’s)' },
    },
  })
  record(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(EducationRecordIdParams)) params: EducationRecordIdParams,
  ) {
    return this.education.record(caller, params.id);
  }

  @Get('records')
  @ApiRoute({
    summary: 'Education records, by business id (owners: their own account’s)',
    responses: {
      200: { description: 'one page of records', schema: PaginatedResponse(EducationRecord) },
    },
  })
  records(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(ListEducationRecordsQuery)) query: ListEducationRecordsQuery,
  ) {
    return this.education.records(caller, query);
  }

  @Get('reference/countries')
  @ApiRoute({
    summary: 'ISO 3166-1 countries by code, with the reference data version',
    responses: {
      200: { description: 'one page of countries', schema: CountriesReferenceResponse },
    },
  })
  countries(@Query(new ZodValidationPipe(CountriesReferenceQuery)) query: CountriesReferenceQuery) {
    return this.education.countries(query);
  }

  @Get('reference/universities')
  @ApiRoute({
    summary: 'The universities of a country',
    responses: {
      200: { description: 'one page, by name', schema: UniversitiesReferenceResponse },
    },
  })
  universities(
    @Query(new ZodValidationPipe(UniversitiesReferenceQuery)) query: UniversitiesReferenceQuery,
  ) {
    return this.education.universities(query);
  }

  @Get('reference/colleges')
  @ApiRoute({
    summary:
      'The colleges of a country, by name; `search` is fuzzy (case, accents and misspellings tolerated), best matches first',
    responses: {
      200: { description: 'one page of colleges', schema: CollegesReferenceResponse },
    },
  })
  colleges(@Query(new ZodValidationPipe(CollegesReferenceQuery)) query: CollegesReferenceQuery) {
    return this.education.colleges(query);
  }
}
