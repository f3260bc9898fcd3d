import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  productRpc,
  ProductErrorCode,
  type ParsedAudienceTarget,
  type ParsedProductInput,
  type Product,
  type ProductCommitFailed,
  type ProductCommitResult,
  type ProductSessionCaller,
} from '@medicalink/contracts';
import { RpcClient, RpcError } from '@medicalink/messaging';
import { currentContext, type Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import {
  checkTransition,
  SessionConflictError,
  SessionNotFoundError,
  SessionTransitionError,
  type SessionAccess,
  type SessionStore,
} from '@medicalink/session';
import type { OrchestratorEnv } from '../config';
import { productCodeTaken, productRequired } from './product-session.errors';
import { commitKey, ProductSessionCommits } from './product-session-commits';
import {
  commitSucceeded,
  committedOutcome,
  committedProgress,
  sessionProgress,
  sessionView,
} from './product-session.view';
import { ProductChoices } from './product-choices';
import { TakenProductCodes } from './taken-product-codes';
import {
  productSessionWorkflow,
  type ProductSessionAction,
  type ProductSessionData,
  type ProductSessionRecord,
} from './product-session.workflow';

export const PRODUCT_SESSIONS = Symbol('PRODUCT_SESSIONS');
export type ProductSessionStore = SessionStore<
  (typeof productSessionWorkflow.states)[number],
  ProductSessionAction,
  ProductSessionData
>;

/** How often recording an outcome is tried again when another request wrote in between. */
const SETTLE_ATTEMPTS = 5;

type CommitOutcome =
  | { ok: true; product: Product }
  | { ok: false; failure: Omit<ProductCommitFailed, 'success' | 'operationId'> };

/**
 * Product creation as a session: the draft lives in Redis (libs/session) while the
 * user adds a product and, optionally, a target; the commit creates both in one idempotent
 * call to the product service. Every step is a guarded, compare-and-set transition.
 */
@Injectable()
export class ProductSessionService {
  constructor(
    @Inject(PRODUCT_SESSIONS) private readonly sessions: ProductSessionStore,
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly env: OrchestratorEnv,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly takenCodes: TakenProductCodes,
    private readonly choices: ProductChoices,
    private readonly commits: ProductSessionCommits,
  ) {}

  async create(caller: ProductSessionCaller) {
    const record = await this.sessions.create({
      owner: caller.userId,
      ttlMs: this.env.PRODUCT_SESSION_TTL_SEC * 1000,
      data: {
        organizationGuid: caller.organizationGuid,
        product: null,
        audienceTarget: null,
        committed: null,
        lastError: null,
      },
    });
    return {
      sessionId: record.id,
      state: 'initiated' as const,
      userId: record.owner,
      organizationGuid: record.data.organizationGuid,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
    };
  }

  /** Stages the (already validated) product once its code is known to be free. */
  async addProduct(caller: ProductSessionCaller, sessionId: string, product: ParsedProductInput) {
    // The checks (the code in Redis, see TakenProductCodes; the choice values) run while the
    // session is read; an unknown session still answers 404 first, and the write stays
    // compare-and-set on the version read.
    const checks = Promise.all([
      this.ensureCodeFree(product.productCode),
      this.choices.ensureKnown({ product }),
    ]);
    checks.catch(() => undefined); // awaited below, unless the session step fails first
    const record = await this.sessions
      .transition(
        sessionId,
        access(caller),
        (current) => (current.data.audienceTarget ? 'reviseProduct' : 'addProduct'),
        async (current) => {
          await checks;
          return { ...current.data, product };
        },
        // the product was parsed by this step's RPC contract, with the session's own ProductInput
        { dataChecked: true },
      )
      .catch((error: unknown) => this.refuseIfCommitted(error, caller, sessionId, 'addProduct'));
    return sessionView(record);
  }

  async configureTarget(
    caller: ProductSessionCaller,
    sessionId: string,
    target: ParsedAudienceTarget,
  ) {
    const choiceCheck = this.choices.ensureKnown({ target });
    choiceCheck.catch(() => undefined); // awaited below, unless the session step fails first
    try {
      const record = await this.sessions.transition(
        sessionId,
        access(caller),
        'configureTarget',
        async (current) => {
          await choiceCheck;
          return { ...current.data, audienceTarget: target };
        },
        { dataChecked: true }, // parsed by the RPC contract with the session's AudienceTarget
      );
      return sessionView(record);
    } catch (error) {
      if (error instanceof SessionNotFoundError) {
        await this.refuseIfCommitted(error, caller, sessionId, 'configureTarget');
      }
      throw asProductRequired(error, 'configure the audience target');
    }
  }

  async progress(caller: ProductSessionCaller, sessionId: string) {
    try {
      return sessionProgress(await this.sessions.get(sessionId, access(caller)));
    } catch (error) {
      return committedProgress(await this.committedOrThrow(error, caller, sessionId));
    }
  }

  /**
   * Creates product and target with one `createWithTarget` under the session's idempotency key,
   * so concurrent or repeated commits create one product and all get its reply. Retryable
   * failures are tried again (with backoff) up to PRODUCT_COMMIT_ATTEMPTS times; a commit that
   * still fails leaves the session `failed`, to be fixed and committed again.
   */
  async commit(caller: ProductSessionCaller, sessionId: string): Promise<ProductCommitResult> {
    const operationId = currentContext()?.correlationId ?? randomUUID();
    const who = access(caller);
    let record: ProductSessionRecord;
    try {
      record = await this.sessions.get(sessionId, who);
    } catch (error) {
      return committedOutcome(await this.committedOrThrow(error, caller, sessionId));
    }
    if (record.state === 'committed' && record.data.committed) {
      return commitSucceeded(record.data.committed);
    }
    try {
      this.sessions.assertAllowed(record, 'commit');
    } catch (error) {
      throw asProductRequired(error, 'commit');
    }
    const { product, audienceTarget } = record.data;
    if (!product) throw productRequired(sessionId, 'commit');

    const outcome =
      (await this.beginCommit(record, operationId)) ??
      (await this.createWithTarget(sessionId, product, audienceTarget));
    if (outcome.ok) {
      // The creator's own next step sees the code taken without waiting for the event; not
      // awaited here, so the write leaves with the session's (Redis auto-pipelining).
      const marked = this.takenCodes.add(outcome.product.productCode).catch(() => undefined);
      const committed = {
        productGuid: outcome.product.id,
        targetGuid: outcome.product.target.id,
        productCode: outcome.product.productCode,
        operationId,
      };
      // Committed, and deleted a few seconds later (a shorter expiry), in one write.
      const settled = await this.settle(
        record,
        who,
        'commit',
        (data) => ({ ...data, committed, lastError: null }),
        this.env.PRODUCT_SESSION_DELETE_AFTER_COMMIT_MS,
      );
      await marked;
      return commitSucceeded(settled.data.committed ?? committed);
    }

    const settled = await this.settle(record, who, 'fail', (data) => ({
      ...data,
      lastError: outcome.failure,
    }));
    // Another commit of this session may have created the product meanwhile: that is the answer.
    if (settled.state === 'committed' && settled.data.committed) {
      return commitSucceeded(settled.data.committed);
    }
    return { ...outcome.failure, success: false, operationId };
  }

  /**
   * Records whose commit this is before anything is created (see ProductSessionCommits); a
   * commit that cannot be recorded creates nothing and can be tried again (its failure is
   * returned, undefined once recorded).
   */
  private async beginCommit(
    record: ProductSessionRecord,
    operationId: string,
  ): Promise<CommitOutcome | undefined> {
    try {
      await this.commits.begin(record, operationId);
      return undefined;
    } catch (error) {
      this.logger.warn({ sessionId: record.id, err: error }, 'product commit not recorded');
      return {
        ok: false,
        failure: {
          statusCode: 503,
          message: 'The commit could not be recorded; the session can be committed again',
          errors: ['The orchestrator database is unavailable'],
        },
      };
    }
  }

  /**
   * A session missing from Redis may have been committed: its draft is deleted shortly after the
   * commit, and lost if Redis is. The commit's record answers for it; otherwise the 404 stands.
   */
  private async committedOrThrow(error: unknown, caller: ProductSessionCaller, sessionId: string) {
    if (!(error instanceof SessionNotFoundError)) throw error;
    const committed = await this.commits.find(sessionId, caller);
    if (!committed) throw error;
    return committed;
  }

  /** A step on a committed session whose draft is gone is refused as on the draft: 409. */
  private async refuseIfCommitted(
    error: unknown,
    caller: ProductSessionCaller,
    sessionId: string,
    action: ProductSessionAction,
  ): Promise<never> {
    await this.committedOrThrow(error, caller, sessionId);
    const check = checkTransition(productSessionWorkflow, action, 'committed');
    if (check.allowed) throw error; // never: the workflow allows nothing after `committed`
    throw new SessionTransitionError(
      sessionId,
      action,
      'committed',
      check.allowedFrom,
      check.status,
    );
  }

  /** Checked in the copy of taken codes; the product service answers while the copy is incomplete. */
  private async ensureCodeFree(productCode: string): Promise<void> {
    const status = await this.takenCodes.status(productCode);
    const taken =
      status === 'unknown'
        ? (await this.rpc.call(productRpc.codeExists, { productCode })).exists
        : status === 'taken';
    if (taken) throw productCodeTaken(productCode);
  }

  private async createWithTarget(
    sessionId: string,
    product: NonNullable<ProductSessionData['product']>,
    target: ProductSessionData['audienceTarget'],
  ): Promise<CommitOutcome> {
    const attempts = this.env.PRODUCT_COMMIT_ATTEMPTS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const created = await this.rpc.call(
          productRpc.createWithTarget,
          { product, target: target ?? {} },
          // the retries are ours (counted, with our backoff), not the client's
          { idempotencyKey: commitKey(sessionId), retries: 0 },
        );
        return { ok: true, product: created };
      } catch (error) {
        if (!(error instanceof RpcError)) throw error;
        if (error.retryable && attempt < attempts) {
          this.logger.warn(
            { sessionId, attempt, code: error.code },
            'product commit failed, retrying',
          );
          await sleep(this.env.PRODUCT_COMMIT_BACKOFF_MS * 2 ** (attempt - 1));
          continue;
        }
        return { ok: false, failure: commitFailure(error, attempt) };
      }
    }
  }

  /**
   * Records a commit's outcome. Another request may write in between (a concurrent commit, a
   * product update): a conflict is tried again on the fresh record, and when the session is
   * already committed that record is the answer.
   */
  private async settle(
    read: ProductSessionRecord,
    who: SessionAccess,
    action: 'commit' | 'fail',
    change: (data: ProductSessionData) => ProductSessionData,
    expireAfterMs?: number,
  ): Promise<ProductSessionRecord> {
    const sessionId = read.id;
    // The first write builds on the record read before the commit; after a conflict, on a fresh read.
    let basedOn: ProductSessionRecord | undefined = read;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.sessions.transition(
          sessionId,
          who,
          action,
          (current) => change(current.data),
          { basedOn, ...(expireAfterMs === undefined ? {} : { expireAfterMs }) },
        );
      } catch (error) {
        basedOn = undefined;
        if (error instanceof SessionTransitionError) {
          const current = await this.sessions.get(sessionId, who);
          if (current.state === 'committed') return current;
          throw error;
        }
        if (error instanceof SessionConflictError && attempt < SETTLE_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}

const access = (caller: ProductSessionCaller): SessionAccess => ({ userId: caller.userId });

/** A step refused in `initiated` because it needs a product: say so instead of naming states. */
function asProductRequired(
  error: unknown,
  step: 'configure the audience target' | 'commit',
): unknown {
  if (error instanceof SessionTransitionError && error.details?.['currentState'] === 'initiated') {
    return productRequired(String(error.details['sessionId']), step);
  }
  return error;
}

function commitFailure(
  error: RpcError,
  attempts: number,
): Omit<ProductCommitFailed, 'success' | 'operationId'> {
  if (error.code === ProductErrorCode.CodeTaken) {
    return { statusCode: 409, message: error.message, errors: [`productCode: ${error.message}`] };
  }
  if (error.retryable || error.status === 503) {
    return {
      statusCode: 503,
      message: 'The product service is unavailable; the session can be committed again',
      errors: [`Failed to commit session after ${attempts} attempts`, error.message],
    };
  }
  if (error.status < 500) {
    return { statusCode: error.status, message: error.message, errors: [error.message] };
  }
  return {
    statusCode: 502,
    message: 'The product service failed to create the product',
    errors: [`${error.code}: the product service could not create the product`],
  };
}
