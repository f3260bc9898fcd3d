import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from '@medicalink/persistence';
import type { OptionSetsTable, ProductDatabase } from '../database/product.schema';

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const OPTION_SET_COLUMNS = [
  'set_name',
  'value',
  'label',
  'position',
] as const satisfies readonly (keyof OptionSetsTable)[];

@Injectable()
export class OptionSetsRepository {
  /** Every choice of every set, each set in display order. */
  async all(db: Kysely<ProductDatabase>): Promise<Selectable<OptionSetsTable>[]> {
    return db
      .selectFrom('option_sets')
      .select(OPTION_SET_COLUMNS)
      .orderBy('set_name')
      .orderBy('position')
      .execute();
  }
}
