import type { Transaction } from 'kysely';
import type { PersistenceTables } from './tables';

/**
 * Records that `consumer` handled `messageId`, in the transaction that applies the effect.
 * True the first time (apply the effect); false for a duplicate delivery (skip it). A
 * concurrent duplicate waits for the first transaction and gets false if it commits.
 */
export async function claimMessage<DB extends PersistenceTables>(
  trx: Transaction<DB>,
  consumer: string,
  messageId: string,
): Promise<boolean> {
  const row = await (trx as unknown as Transaction<PersistenceTables>)
    .insertInto('processed_messages')
    .values({ consumer, message_id: messageId })
    .onConflict((conflict) => conflict.columns(['consumer', 'message_id']).doNothing())
    .returning('message_id')
    .executeTakeFirst();
  return row !== undefined;
}
