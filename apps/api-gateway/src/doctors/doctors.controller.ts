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
  CreateDoctorResponse,
  DoctorIdParams,
  DoctorReadResponse,
  DoctorsPageResponse,
  SagaView,
  UpdateDoctorResponse,
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
import { ApiRoute, ApiTags, INVALID_BODY } from '../openapi/api-route.decorator';
import { DoctorsService } from './doctors.service';

const wantsNoCache = (cacheControl: string | undefined) => /\bno-cache\b/i.test(cacheControl ?? '');

@Controller()
@ApiTags('doctors')
export class DoctorsController {
  constructor(private readonly doctors: DoctorsService) {}

  @Post('doctors')
  @HttpCode(201)
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      'Create a doctor: account, profile and permissions in one saga, compensated on failure (admin, main); an optional `Idempotency-Key` makes a retry join the same saga',
    responses: {
      201: { description: 'the saga completed', schema: CreateDoctorResponse },
      400: INVALID_BODY,
      409: {
        description: 'email or license number already used; `details.saga` says what was undone',
      },
      503: { description: 'a participant was unavailable; the saga compensated (`details.saga`)' },
    },
  })
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateDoctorBody)) body: CreateDoctorBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.doctors.create(caller, body, headers['idempotency-key']);
  }

  @Get('doctors/:id')
  @Authenticated()
  @ApiRoute({
    summary:
      'A doctor with its account (cached; `Cache-Control: no-cache` bypasses it for admin and main)',
    responses: {
      200: { description: 'the composite doctor', schema: DoctorReadResponse },
      404: { description: 'no such doctor' },
    },
  })
  get(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(DoctorIdParams)) params: DoctorIdParams,
    @Headers('cache-control') cacheControl?: string,
  ) {
    return this.doctors.get(caller, params.id, wantsNoCache(cacheControl));
  }

  @Get('doctors')
  @Authenticated()
  @ApiRoute({
    summary:
      'Search doctors by name, specialty or license number (cached list); `ids=a,b,c` (at most 100) returns those doctors instead, in that order',
    responses: {
      200: { description: 'one page of composite doctors', schema: DoctorsPageResponse },
    },
  })
  search(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(SearchDoctorsQuery)) query: SearchDoctorsQuery,
    @Headers('cache-control') cacheControl?: string,
  ) {
    return this.doctors.search(caller, query, wantsNoCache(cacheControl));
  }

  @Patch('doctors/:id')
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      'Update specialty, bio, hospitalIds, isActive (admin, main); emits doctor.profile.updated',
    responses: {
      200: { description: 'the updated composite doctor', schema: UpdateDoctorResponse },
      404: { description: 'no such doctor' },
    },
  })
  update(
    @Param(new ZodValidationPipe(DoctorIdParams)) params: DoctorIdParams,
    @Body(new ZodValidationPipe(UpdateDoctorBody)) fields: UpdateDoctorBody,
  ) {
    return this.doctors.update(params.id, fields);
  }

  @Get('sagas/:id')
  @Access('admin', 'main')
  @ApiRoute({
    summary: 'A saga with its step journal (admin, main)',
    tags: ['sagas'],
    responses: {
      200: { description: 'the saga', schema: SagaView },
      404: { description: 'no such saga' },
    },
  })
  saga(@Param(new ZodValidationPipe(SagaIdParams)) params: SagaIdParams) {
    return this.doctors.saga(params.id);
  }
}
