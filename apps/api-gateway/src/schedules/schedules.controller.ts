import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  CoverageResult,
  IdempotencyKeyHeaders,
  ListScheduleImportsQuery,
  PaginatedResponse,
  ScheduleImportAccepted,
  ScheduleImportForm,
  ScheduleImportIdParams,
  ScheduleImportView,
  ScheduleVersionIdParams,
  ScheduleVersionQuery,
  ScheduleVersionResponse,
  type JwtClaims,
} from '@medicalink/contracts';
import type { FastifyRequest } from 'fastify';
import { Access, Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';
import { SchedulesService } from './schedules.service';

@Controller('schedules')
@ApiTags('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post('imports')
  @HttpCode(202)
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      'Import a schedule spreadsheet (admin, main): multipart `file` (.ods, .xlsx, .csv), `hospitalId`, optional `rosterSourceUrl`; runs in the background (spreadsheet, roster, coverage); an `Idempotency-Key` gives the same import',
    // read from the multipart stream by the service, not through a pipe
    body: { schema: ScheduleImportForm, contentType: 'multipart/form-data' },
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
  })
  startImport(
    @CurrentUser() caller: JwtClaims,
    @Req() request: FastifyRequest,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.schedules.startImport(caller, request, headers['idempotency-key']);
  }

  @Get('imports/:id')
  @Authenticated()
  @ApiRoute({
    summary:
      'An import: status, each phase with its messages, merged validation, result ids and timings; its roster URL (without credentials or query) and who started it for admin and main only',
    responses: {
      200: { description: 'the import', schema: ScheduleImportView },
      404: { description: 'no such import' },
    },
  })
  getImport(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ScheduleImportIdParams)) params: ScheduleImportIdParams,
  ) {
    return this.schedules.getImport(caller, params.id);
  }

  @Get('imports')
  @Authenticated()
  @ApiRoute({
    summary:
      'Imports, latest first, optionally of one hospital; roster URLs and who started each for admin and main only',
    responses: {
      200: { description: 'one page of imports', schema: PaginatedResponse(ScheduleImportView) },
    },
  })
  listImports(
    @CurrentUser() caller: JwtClaims,
    @Query(new ZodValidationPipe(ListScheduleImportsQuery)) query: ListScheduleImportsQuery,
  ) {
    return this.schedules.listImports(caller, query);
  }

  @Get('versions/:id')
  @Authenticated()
  @ApiRoute({
    summary: 'A schedule version with one page of its shifts, their assignments and coverage',
    responses: {
      200: { description: 'the version and a page of shifts', schema: ScheduleVersionResponse },
      404: { description: 'no such version' },
    },
  })
  getVersion(
    @Param(new ZodValidationPipe(ScheduleVersionIdParams)) params: ScheduleVersionIdParams,
    @Query(new ZodValidationPipe(ScheduleVersionQuery)) query: ScheduleVersionQuery,
  ) {
    return this.schedules.getVersion(params.id, query);
  }

  @Post('versions/:id/coverage')
  @HttpCode(200)
  @Access('admin', 'main')
  @ApiRoute({
    summary: 'Recalculate the coverage of a schedule version (admin, main)',
    responses: {
      200: { description: 'the new coverage totals', schema: CoverageResult },
      404: { description: 'no such version' },
    },
  })
  recalculateCoverage(
    @Param(new ZodValidationPipe(ScheduleVersionIdParams)) params: ScheduleVersionIdParams,
  ) {
    return this.schedules.recalculateCoverage(params.id);
  }
}
