import { Controller } from '@nestjs/common';
import { scheduleImportRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { ScheduleImportsService } from './schedule-imports.service';

type Req<K extends keyof typeof scheduleImportRpc> = RpcRequestParsed<
  (typeof scheduleImportRpc)[K]
>;

@Controller()
export class ScheduleImportsController {
  constructor(private readonly imports: ScheduleImportsService) {}

  @RpcHandler(scheduleImportRpc.start)
  start(command: Req<'start'>, context: AmqpMessageContext) {
    // A redelivered request (no key) names the same import by its message id.
    return this.imports.start(command, context.idempotencyKey ?? context.messageId);
  }

  @RpcHandler(scheduleImportRpc.get)
  get({ id }: Req<'get'>) {
    return this.imports.get(id);
  }

  @RpcHandler(scheduleImportRpc.list)
  list({ hospitalId, page, limit }: Req<'list'>) {
    return this.imports.list(hospitalId, page, limit);
  }
}
