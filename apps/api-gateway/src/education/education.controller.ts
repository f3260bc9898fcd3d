import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  CollegesReferenceQuery,
  CountriesReferenceQuery,
  EducationRecordIdParams,
  IdempotencyKeyHeaders,
  LinkAccountBody,
  ListEducationRecordsQuery,
  RegistrationAuditQuery,
  RegistrationIdParams,
  RunRegistrationBody,
  StageRegistrationBody,
  UniversitiesReferenceQuery,
  type JwtClaims,
} from '@medicalink/contracts';
import { Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EducationService } from './education.service';

const IdParams = new ZodValidationPipe(RegistrationIdParams);

/** Every route needs a token; who reaches which registration or record is decided downstream. */
@Controller('education')
@Authenticated()
export class EducationController {
  constructor(private readonly education: EducationService) {}

  @Post('registrations')
  @HttpCode(201)
  stage(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(StageRegistrationBody)) body: StageRegistrationBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.education.stage(caller, body, headers['idempotency-key']);
  }

  @Post('registrations/run')
  @HttpCode(201)
  run(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(RunRegistrationBody)) body: RunRegistrationBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.education.run(caller, body, headers['idempotency-key']);
  }

  @Post('registrations/:id/validate')
  @HttpCode(200)
  validate(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'validate', params.id);
  }

  @Post('registrations/:id/category')
  @HttpCode(200)
  category(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'category', params.id);
  }

  @Post('registrations/:id/link-account')
  @HttpCode(200)
  linkAccount(
    @CurrentUser() caller: JwtClaims,
    @Param(IdParams) params: RegistrationIdParams,
    @Body(new ZodValidationPipe(LinkAccountBody)) body: LinkAccountBody,
  ) {
    return this.education.linkAccount(caller, params.id, body.accountId);
  }

  @Post('registrations/:id/create')
  @HttpCode(200)
  create(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'create', params.id);
  }

  @Post('registrations/:id/complete')
  @HttpCode(200)
  complete(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'complete', params.id);
  }

  @Get('registrations/:id')
  get(@CurrentUser() caller: JwtClaims, @Param(IdParams) params: RegistrationIdParams) {
    return this.education.step(caller, 'get', params.id);
  }

  @Get('registrations/:id/audit')
  audit(
    @CurrentUser() caller: JwtClaims,
    @Param(IdParams) params: RegistrationIdParams,
    @Query(new ZodValidationPipe(RegistrationAuditQuery)) query: RegistrationAuditQuery,
  ) {
    return this.education.audit(caller, params.id, query);
  }

  @Get('records/:id')
  record(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(EducationRecordIdParams)) params: EducationRecordIdParams,
  ) {
    return this.education.record(caller, params.id);
  }

  @Get('records')
  records(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(ListEducationRecordsQuery)) query: ListEducationRecordsQuery,
  ) {
    return this.education.records(caller, query);
  }

  @Get('reference/countries')
  countries(@Query(new ZodValidationPipe(CountriesReferenceQuery)) query: CountriesReferenceQuery) {
    return this.education.countries(query);
  }

  @Get('reference/universities')
  universities(
    @Query(new ZodValidationPipe(UniversitiesReferenceQuery)) query: UniversitiesReferenceQuery,
  ) {
    return this.education.universities(query);
  }

  @Get('reference/colleges')
  colleges(@Query(new ZodValidationPipe(CollegesReferenceQuery)) query: CollegesReferenceQuery) {
    return this.education.colleges(query);
  }
}
