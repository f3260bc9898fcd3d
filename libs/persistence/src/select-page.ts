import { sql, type SelectQueryBuilder } from 'kysely';

/** A query that selects nothing yet, as Kysely types `selectFrom(...)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's own type for it
type Unselected<DB, TB extends keyof DB> = SelectQueryBuilder<DB, TB, {}>;

/**
 * One page of a filtered query and how many rows match in all, in parallel: `rows` selects and
 * orders the page's columns from the filtered query (the count ignores them).
 */
export async function selectPage<DB, TB extends keyof DB, Row>(
  filtered: Unselected<DB, TB>,
  rows: (query: Unselected<DB, TB>) => SelectQueryBuilder<DB, TB, Row>,
  page: { page: number; limit: number },
): Promise<{ rows: Row[]; total: number }> {
  const [found, count] = await Promise.all([
    rows(filtered)
      .limit(page.limit)
      .offset((page.page - 1) * page.limit)
      .execute(),
    filtered.select(sql<string>`count(*)`.as('total')).executeTakeFirstOrThrow(),
  ]);
  // Kysely cannot name the selected column through the generic table types; it is `total`
  return { rows: found, total: Number((count as { total: string }).total) };
}
