import { Inject, Injectable } from '@nestjs/common';
import { productRpc, type Product, type ProductSessionCaller } from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import type { Kysely, Selectable } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type {
  OrchestratorDatabase,
  ProductSessionCommitsTable,
} from '../database/orchestrator.schema';
import type { ProductSessionRecord } from './product-session.workflow';

/** A committed session whose draft is no longer in Redis, and the product its commit created. */
export interface CommittedSession {
  sessionId: string;
  operationId: string;
  hasTarget: boolean;
  createdAt: Date;
  committedAt: Date;
  version: number;
  product: Product;
}

/** The idempotency key of a session's commit: the product service stores it on the product. */
export const commitKey = (sessionId: string) => `session:${sessionId}:commit`;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const PRODUCT_SESSION_COMMIT_COLUMNS = [
  'session_id',
  'owner_id',
  'operation_id',
  'has_target',
  'session_created_at',
  'committed_version',
  'started_at',
] as const satisfies readonly (keyof ProductSessionCommitsTable)[];

/**
 * What a product session's commit leaves in PostgreSQL, so that the outcome outlives the draft
 * (deleted from Redis after the commit, or lost with Redis). The row says whose session it was
 * and what the commit answered; the product service, which stores the commit's key on the
 * product in the same transaction, says whether it created one.
 */
@Injectable()
export class ProductSessionCommits {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrchestratorDatabase>,
    private readonly rpc: RpcClient,
  ) {}

  /** Written before the product is created, so no product exists without its session's owner. */
  async begin(session: ProductSessionRecord, operationId: string): Promise<void> {
    const values = {
      operation_id: operationId,
      has_target: session.data.audienceTarget !== null,
      committed_version: session.version + 1,
    };
    await this.db
      .insertInto('product_session_commits')
      .values({
        session_id: session.id,
        owner_id: session.owner,
        session_created_at: new Date(session.createdAt),
        ...values,
      })
      // a later attempt (after a failed one) is the one whose answer is kept
      .onConflict((conflict) => conflict.column('session_id').doUpdateSet(values))
      .execute();
  }

  /** The caller's committed session, or undefined when it never committed (or is not theirs). */
  async find(
    sessionId: string,
    caller: ProductSessionCaller,
  ): Promise<CommittedSession | undefined> {
    // typed as the whole row: a column missing from the list fails to compile
    const row: Selectable<ProductSessionCommitsTable> | undefined = await this.db
      .selectFrom('product_session_commits')
      .select(PRODUCT_SESSION_COMMIT_COLUMNS)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    if (!row || row.owner_id !== caller.userId) return undefined;
    const { product } = await this.rpc.call(productRpc.createdBy, {
      creationKey: commitKey(sessionId),
    });
    if (!product) return undefined;
    return {
      sessionId,
      operationId: row.operation_id,
      hasTarget: row.has_target,
      createdAt: row.session_created_at,
      committedAt: new Date(product.createdAt),
      version: row.committed_version,
      product,
    };
  }
}
