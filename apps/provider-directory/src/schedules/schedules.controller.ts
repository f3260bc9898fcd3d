import { Controller } from '@nestjs/common';
import { scheduleRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { CoverageService } from './coverage.service';
import { RosterImportService } from './roster-import.service';
import { SchedulesService } from './schedules.service';
import { SpreadsheetImportService } from './spreadsheet-import.service';

type Req<K extends keyof typeof scheduleRpc> = RpcRequestParsed<(typeof scheduleRpc)[K]>;

@Controller()
export class SchedulesController {
  constructor(
    private readonly spreadsheets: SpreadsheetImportService,
    private readonly rosters: RosterImportService,
    private readonly coverage: CoverageService,
    private readonly schedules: SchedulesService,
  ) {}

  @RpcHandler(scheduleRpc.importSpreadsheet)
  importSpreadsheet(request: Req<'importSpreadsheet'>, context: AmqpMessageContext) {
    return this.spreadsheets.import(request, context.idempotencyKey);
  }

  @RpcHandler(scheduleRpc.importRoster)
  importRoster(request: Req<'importRoster'>, context: AmqpMessageContext) {
    return this.rosters.import(request, context.idempotencyKey);
  }

  @RpcHandler(scheduleRpc.calculateCoverage)
  calculateCoverage({ versionId }: Req<'calculateCoverage'>) {
    return this.coverage.calculate(versionId);
  }

  @RpcHandler(scheduleRpc.getVersion)
  getVersion({ id, page, limit }: Req<'getVersion'>) {
    return this.schedules.getVersion(id, page, limit);
  }

  @RpcHandler(scheduleRpc.deleteVersion)
  async deleteVersion({ id }: Req<'deleteVersion'>) {
    return { deleted: await this.schedules.deleteVersion(id) };
  }
}
