import { Injectable } from '@nestjs/common';
import { productRpc, unknownChoices, type ProductOptions } from '@medicalink/contracts';
import { issuesEnvelope, RpcClient, RpcError } from '@medicalink/messaging';

/** Option sets change only with a product-service migration: a minute's copy is fresh enough. */
const OPTIONS_TTL_MS = 60_000;

/**
 * Refuses a staged product or target whose choice values the product service's option sets
 * do not have, at the step that stages it rather than at the commit (which checks again).
 */
@Injectable()
export class ProductChoices {
  private copy: { options: Promise<ProductOptions>; readAt: number } | undefined;

  constructor(private readonly rpc: RpcClient) {}

  async ensureKnown(subject: Parameters<typeof unknownChoices>[1]): Promise<void> {
    const issues = unknownChoices(await this.options(), subject);
    if (issues.length > 0) throw new RpcError(issuesEnvelope(issues, 'Product validation failed'));
  }

  private options(): Promise<ProductOptions> {
    if (!this.copy || Date.now() - this.copy.readAt > OPTIONS_TTL_MS) {
      const options = this.rpc.call(productRpc.options, {});
      this.copy = { options, readAt: Date.now() };
      // a failed read is not kept: the next step asks again
      options.catch(() => {
        if (this.copy?.options === options) this.copy = undefined;
      });
    }
    return this.copy.options;
  }
}
