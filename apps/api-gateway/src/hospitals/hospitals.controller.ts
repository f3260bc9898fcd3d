import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  CreateHospitalBody,
  Hospital,
  hospitalRpc,
  IdempotencyKeyHeaders,
  ListHospitalsQuery,
  PaginatedResponse,
  type JwtClaims,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { Access, Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { callerIdempotency } from '../http/caller-idempotency';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags, INVALID_BODY } from '../openapi/api-route.decorator';
import { hospitalVisibleTo } from '../schedules/roster-visibility';

/** Hospitals live in provider-directory; one RPC per route, nothing to compose. */
@Controller('hospitals')
@ApiTags('hospitals')
export class HospitalsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Authenticated()
  @ApiRoute({
    summary:
      'Hospitals by name; their roster source URL (without credentials or query) for admin and main only',
    responses: {
      200: { description: 'one page of hospitals', schema: PaginatedResponse(Hospital) },
    },
  })
  async list(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(ListHospitalsQuery)) query: ListHospitalsQuery,
  ) {
    const page = await this.rpc.call(hospitalRpc.page, query);
    return { ...page, data: page.data.map((hospital) => hospitalVisibleTo(caller, hospital)) };
  }

  @Post()
  @HttpCode(201)
  @Access('admin', 'main')
  @ApiRoute({
    summary: 'Create a hospital (admin, main), optionally with its roster source URL',
    responses: {
      201: { description: 'the hospital', schema: Hospital },
      400: INVALID_BODY,
      409: { description: 'a hospital with this name exists' },
    },
  })
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateHospitalBody)) body: CreateHospitalBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.rpc.call(
      hospitalRpc.create,
      body,
      callerIdempotency(caller, headers['idempotency-key']),
    );
  }
}
