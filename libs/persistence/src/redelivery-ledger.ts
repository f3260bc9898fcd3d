import { sql, type Kysely } from 'kysely';
import type { RedeliveryLedger } from '@medicalink/messaging';
import type { PersistenceTables } from './tables';

/** The consumer's redelivery counts in the service's own database (one statement each). */
export class PostgresRedeliveryLedger implements RedeliveryLedger {
  private readonly db: Kysely<PersistenceTables>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app schema that includes PersistenceTables
  constructor(db: Kysely<any>) {
    this.db = db as Kysely<PersistenceTables>;
  }

  async countRedelivery(consumer: string, messageKey: string): Promise<number> {
    const row = await this.db
      .insertInto('redelivered_messages')
      .values({ consumer, message_key: messageKey, redeliveries: 1 })
      .onConflict((conflict) =>
        conflict.columns(['consumer', 'message_key']).doUpdateSet({
          redeliveries: sql<number>`redelivered_messages.redeliveries + 1`,
          last_at: sql<Date>`now()`,
        }),
      )
      .returning('redeliveries')
      .executeTakeFirstOrThrow();
    return row.redeliveries;
  }
}
