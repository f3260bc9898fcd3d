import { Controller } from '@nestjs/common';
import { recordRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { RecordsService } from './records.service';

type Req<K extends keyof typeof recordRpc> = RpcRequestParsed<(typeof recordRpc)[K]>;

@Controller()
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @RpcHandler(recordRpc.create)
  create(request: Req<'create'>) {
    return this.records.create(request);
  }

  @RpcHandler(recordRpc.get)
  get({ id }: Req<'get'>) {
    return this.records.get(id);
  }

  @RpcHandler(recordRpc.list)
  list(query: Req<'list'>) {
    return this.records.list(query);
  }
}
