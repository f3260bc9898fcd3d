import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import {
  scheduleImportRpc,
  scheduleRpc,
  ScheduleImportFields,
  type JwtClaims,
  type ListScheduleImportsQuery,
  type ScheduleVersionQuery,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { APP_CONFIG } from '@medicalink/runtime';
import type { FastifyRequest } from 'fastify';
import type { GatewayEnv } from '../config';
import { callerIdempotency } from '../http/caller-idempotency';
import { zodErrors } from '../http/http-error';
import { importVisibleTo } from './roster-visibility';
import { readScheduleUpload } from './schedule-upload';

/** Storing a 10 MiB upload in the orchestrator takes longer than a read. */
const START_TIMEOUT_MS = 30_000;

/** Schedule routes: imports run in the orchestrator, versions are read from provider-directory. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly config: GatewayEnv,
  ) {}

  async startImport(
    caller: JwtClaims,
    request: FastifyRequest,
    idempotencyKey: string | undefined,
  ) {
    const upload = await readScheduleUpload(request, this.config.SCHEDULE_MAX_FILE_BYTES);
    const fields = ScheduleImportFields.safeParse(upload.fields);
    if (!fields.success) {
      throw new BadRequestException({
        message: 'Validation failed',
        errors: zodErrors(fields.error),
      });
    }
    return this.rpc.call(
      scheduleImportRpc.start,
      {
        ...fields.data,
        startedBy: caller.sub,
        fileName: upload.fileName.slice(0, 255),
        fileType: upload.fileType,
        contentBase64: upload.content.toString('base64'),
      },
      {
        timeoutMs: START_TIMEOUT_MS,
        ...(idempotencyKey ? callerIdempotency(caller, idempotencyKey) : { retries: 0 }),
      },
    );
  }

  async getImport(caller: JwtClaims, id: string) {
    return importVisibleTo(caller, await this.rpc.call(scheduleImportRpc.get, { id }));
  }

  async listImports(caller: JwtClaims, query: ListScheduleImportsQuery) {
    const page = await this.rpc.call(scheduleImportRpc.list, query);
    return { ...page, data: page.data.map((view) => importVisibleTo(caller, view)) };
  }

  getVersion(id: string, query: ScheduleVersionQuery) {
    return this.rpc.call(scheduleRpc.getVersion, { id, ...query });
  }

  recalculateCoverage(versionId: string) {
    return this.rpc.call(
      scheduleRpc.calculateCoverage,
      { versionId },
      { timeoutMs: START_TIMEOUT_MS },
    );
  }
}
