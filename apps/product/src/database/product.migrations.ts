import { sql, type Migration } from '@medicalink/persistence';
import { OPTION_SETS, OPTION_SETS_VERSION } from './option-sets';

/** The target's criteria columns; each has a generated `<column>_match` twin (see below). */
export const CRITERION_COLUMNS = [
  'location_province',
  'registration_class',
  'practice_area',
  'years_in_practice',
  'employment_status',
  'employment_sector',
] as const;

/**
 * Stands for "open to all" in the generated match columns. Criterion values are choice
 * values (>= 0, checked below), so -1 never collides with one.
 */
export const OPEN_TO_ALL = -1;

export const productMigrations: Record<string, Migration> = {
  '0001_products_and_targets': {
    async up(db) {
      await db.schema
        .createTable('products')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('code', 'text', (col) => col.notNull().check(sql`code ~ '^[A-Z0-9-]{3,40}$'`))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('description', 'text')
        .addColumn('category', 'integer', (col) => col.notNull().check(sql`category >= 0`))
        .addColumn('status', 'integer', (col) => col.notNull().check(sql`status >= 0`))
        .addColumn('gl_code', 'integer', (col) => col.notNull().check(sql`gl_code >= 0`))
        // numeric, never float: prices are stored and returned exactly
        .addColumn('general_price', sql`numeric(8, 2)`, (col) =>
          col.notNull().check(sql`general_price between 0 and 999999.99`),
        )
        .addColumn('ot_stu_price', sql`numeric(8, 2)`, (col) =>
          col.check(sql`ot_stu_price between 0 and 999999.99`),
        )
        .addColumn('inventory', 'integer', (col) => col.check(sql`inventory >= 0`))
        .addColumn('taxes', sql`numeric(6, 3)`, (col) =>
          col
            .notNull()
            .defaultTo(0)
            .check(sql`taxes between 0 and 100`),
        )
        .addColumn('shipping', sql`numeric(8, 2)`, (col) =>
          col
            .notNull()
            .defaultTo(0)
            .check(sql`shipping between 0 and 999999.99`),
        )
        .addColumn('year', sql`char(4)`, (col) => col.notNull())
        .addColumn('active_membership_only', 'boolean', (col) => col.notNull().defaultTo(false))
        .addColumn('post_purchase_info', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      // The code is stored upper-cased already; the expression keeps uniqueness
      // case-insensitive even for a row written some other way.
      await db.schema
        .createIndex('products_code_upper_key')
        .on('products')
        .unique()
        .expression(sql`upper(code)`)
        .execute();
      await db.schema
        .createIndex('products_category_idx')
        .on('products')
        .column('category')
        .execute();
      await db.schema.createIndex('products_status_idx').on('products').column('status').execute();
      await db.schema.createIndex('products_year_idx').on('products').column('year').execute();
      // the list's order
      await db.schema
        .createIndex('products_name_idx')
        .on('products')
        .columns(['name', 'id'])
        .execute();

      let targets = db.schema
        .createTable('product_targets')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('product_id', 'uuid', (col) =>
          col.notNull().unique().references('products.id').onDelete('cascade'),
        );
      for (const column of CRITERION_COLUMNS) {
        targets = targets
          .addColumn(column, sql`integer[]`, (col) =>
            col.check(sql`0 <= all(${sql.ref(column)}) and cardinality(${sql.ref(column)}) > 0`),
          )
          // The audience match "null, or contains the value" as one GIN-indexable test:
          // `<column>_match && array[-1, value]`. (A GIN index cannot answer IS NULL, so
          // `column is null or column @> array[value]` would scan the table.)
          .addColumn(`${column}_match`, sql`integer[]`, (col) =>
            col
              .notNull()
              .generatedAlwaysAs(
                sql`coalesce(${sql.ref(column)}, array[${sql.lit(OPEN_TO_ALL)}]::integer[])`,
              )
              .stored(),
          );
      }
      await targets
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      for (const column of CRITERION_COLUMNS) {
        await db.schema
          .createIndex(`product_targets_${column}_match_idx`)
          .on('product_targets')
          .using('gin')
          .column(`${column}_match`)
          .execute();
      }
    },
  },
  /**
   * A creation's idempotency key and request hash live on the product it created (unique), so
   * a keyed creation writes nothing more than an unkeyed one. Keys used through the shared
   * idempotency table before this migration move onto their products.
   */
  '0002_product_creation_keys': {
    async up(db) {
      await db.schema
        .alterTable('products')
        .addColumn('creation_key', 'text')
        .addColumn('creation_request_hash', 'text')
        .execute();
      await db.schema
        .createIndex('products_creation_key_key')
        .on('products')
        .column('creation_key')
        .unique()
        .execute();
      await sql`
        update products p
           set creation_key = k.key, creation_request_hash = k.request_hash
          from idempotency_keys k
         where k.command in ('product.create', 'product.createWithTarget')
           and k.response ->> 'id' = p.id::text`.execute(db);
    },
  },
  /** The option sets' reference data: one row per choice, `position` is the display order. */
  '0003_option_sets': {
    async up(db) {
      await db.schema
        .createTable('option_sets')
        .addColumn('set_name', 'text', (col) => col.notNull())
        .addColumn('value', 'integer', (col) => col.notNull().check(sql`value >= 0`))
        .addColumn('label', 'text', (col) => col.notNull().check(sql`label <> ''`))
        .addColumn('position', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('option_sets_pkey', ['set_name', 'value'])
        .execute();
    },
  },
  [`0004_option_sets_data_v${OPTION_SETS_VERSION}`]: {
    async up(db) {
      const rows = Object.entries(OPTION_SETS).flatMap(([setName, options]) =>
        options.map(([value, label], position) => ({ set_name: setName, value, label, position })),
      );
      await db
        .insertInto('option_sets')
        .values(rows)
        .onConflict((conflict) =>
          conflict.columns(['set_name', 'value']).doUpdateSet((eb) => ({
            label: eb.ref('excluded.label'),
            position: eb.ref('excluded.position'),
          })),
        )
        .execute();
    },
  },
};
