import { Inject, Injectable } from '@nestjs/common';
import { PRODUCT_OPTION_SETS, type ProductOptions } from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { ProductDatabase } from '../database/product.schema';
import { OptionSetsRepository } from './option-sets.repository';

@Injectable()
export class OptionSetsService {
  /**
   * Read once per process: the rows change only through a migration, which runs when the
   * service starts. A failed read is not kept, so the next call tries again.
   */
  private loaded: Promise<ProductOptions> | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<ProductDatabase>,
    private readonly repository: OptionSetsRepository,
  ) {}

  options(): Promise<ProductOptions> {
    this.loaded ??= this.read().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async read(): Promise<ProductOptions> {
    const options = Object.fromEntries(
      PRODUCT_OPTION_SETS.map((set) => [set, [] as ProductOptions[typeof set]]),
    ) as ProductOptions;
    for (const row of await this.repository.all(this.db)) {
      options[row.set_name as keyof ProductOptions]?.push({ value: row.value, label: row.label });
    }
    return options;
  }
}
