import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  IdempotencyKeyHeaders,
  ListScheduleImportsQuery,
  ScheduleImportIdParams,
  ScheduleVersionIdParams,
  ScheduleVersionQuery,
  type JwtClaims,
} from '@medicalink/contracts';
import type { FastifyRequest } from 'fastify';
import { Access, Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { SchedulesService } from './schedules.service';

@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post('imports')
  @HttpCode(202)
  @Access('admin', 'main')
  startImport(
    @CurrentUser() caller: JwtClaims,
    @Req() request: FastifyRequest,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.schedules.startImport(caller, request, headers['idempotency-key']);
  }

  @Get('imports/:id')
  @Authenticated()
  getImport(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ScheduleImportIdParams)) params: ScheduleImportIdParams,
  ) {
    return this.schedules.getImport(caller, params.id);
  }

  @Get('imports')
  @Authenticated()
  listImports(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(ListScheduleImportsQuery)) query: ListScheduleImportsQuery,
  ) {
    return this.schedules.listImports(caller, query);
  }

  @Get('versions/:id')
  @Authenticated()
  getVersion(
    @Param(new ZodValidationPipe(ScheduleVersionIdParams)) params: ScheduleVersionIdParams,
    @Query(new ZodValidationPipe(ScheduleVersionQuery)) query: ScheduleVersionQuery,
  ) {
    return this.schedules.getVersion(params.id, query);
  }

  @Post('versions/:id/coverage')
  @HttpCode(200)
  @Access('admin', 'main')
  recalculateCoverage(
    @Param(new ZodValidationPipe(ScheduleVersionIdParams)) params: ScheduleVersionIdParams,
  ) {
    return this.schedules.recalculateCoverage(params.id);
  }
}
