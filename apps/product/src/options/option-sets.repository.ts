import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from '@medicalink/persistence';
import type { OptionSetsTable, ProductDatabase } from '../database/product.schema';

@Injectable()
export class OptionSetsRepository {
  /** Every choice of every set, each set in display order. */
  async all(db: Kysely<ProductDatabase>): Promise<Selectable<OptionSetsTable>[]> {
    return db
      .selectFrom('option_sets')
      .selectAll()
      .orderBy('set_name')
      .orderBy('position')
      .execute();
  }
}
