import { Controller } from '@nestjs/common';
import { productRpc } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { OptionSetsService } from './option-sets.service';

@Controller()
export class OptionSetsController {
  constructor(private readonly optionSets: OptionSetsService) {}

  @RpcHandler(productRpc.options)
  options() {
    return this.optionSets.options();
  }
}
