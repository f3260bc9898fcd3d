import { Controller } from '@nestjs/common';
import { productCreated, type EventPayload } from '@medicalink/contracts';
import { EventHandler } from '@medicalink/messaging';
import { TakenProductCodes } from './taken-product-codes';

/** Keeps the copy of taken codes current, whoever created the product (a commit or directly). */
@Controller()
export class ProductCodesController {
  constructor(private readonly codes: TakenProductCodes) {}

  /** A Redis failure throws, and the event is retried through the delay queues. */
  @EventHandler(productCreated)
  async productCreated({ productCode }: EventPayload<typeof productCreated>) {
    await this.codes.add(productCode);
  }
}
