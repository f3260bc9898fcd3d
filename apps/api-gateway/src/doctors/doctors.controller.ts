import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  CreateDoctorBody,
  DoctorIdParams,
  IdempotencyKeyHeaders,
  SagaIdParams,
  SearchDoctorsQuery,
  UpdateDoctorBody,
  type JwtClaims,
} from '@medicalink/contracts';
import { Access, Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { DoctorsService } from './doctors.service';

const wantsNoCache = (cacheControl: string | undefined) => /\bno-cache\b/i.test(cacheControl ?? '');

@Controller()
export class DoctorsController {
  constructor(private readonly doctors: DoctorsService) {}

  @Post('doctors')
  @HttpCode(201)
  @Access('admin', 'main')
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateDoctorBody)) body: CreateDoctorBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.doctors.create(caller, body, headers['idempotency-key']);
  }

  @Get('doctors/:id')
  @Authenticated()
  get(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(DoctorIdParams)) params: DoctorIdParams,
    @Headers('cache-control') cacheControl?: string,
  ) {
    return this.doctors.get(caller, params.id, wantsNoCache(cacheControl));
  }

  @Get('doctors')
  @Authenticated()
  search(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(SearchDoctorsQuery)) query: SearchDoctorsQuery,
    @Headers('cache-control') cacheControl?: string,
  ) {
    return this.doctors.search(caller, query, wantsNoCache(cacheControl));
  }

  @Patch('doctors/:id')
  @Access('admin', 'main')
  update(
    @Param(new ZodValidationPipe(DoctorIdParams)) params: DoctorIdParams,
    @Body(new ZodValidationPipe(UpdateDoctorBody)) fields: UpdateDoctorBody,
  ) {
    return this.doctors.update(params.id, fields);
  }

  @Get('sagas/:id')
  @Access('admin', 'main')
  saga(@Param(new ZodValidationPipe(SagaIdParams)) params: SagaIdParams) {
    return this.doctors.saga(params.id);
  }
}
