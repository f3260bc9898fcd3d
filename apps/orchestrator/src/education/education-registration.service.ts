import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  accountRpc,
  checksRpc,
  educationRegistrationRpc,
  recordRpc,
  type RegistrationCaller,
  type RegistrationCategory,
  type RegistrationView,
  type RpcRequestParsed,
  type RpcResponse,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { requestHash } from '@medicalink/persistence';
import {
  SessionConflictError,
  SessionCorruptedError,
  SessionNotFoundError,
} from '@medicalink/session';
import {
  accountBusinessIdMismatch,
  accountInactive,
  accountNotOwn,
  businessIdHeld,
  businessIdNotOwn,
  idempotencyKeyReused,
  registrationNotFound,
  skipValidationForbidden,
} from './registration.errors';
import { RegistrationAuditService } from './registration-audit.service';
import { categoryFor, validationFor, viewFor } from './registration-privacy';
import { BUSINESS_ID_CLAIM, RegistrationSteps } from './registration-steps';
import { toRegistrationView } from './registration-view';
import type { Registration } from './registration.workflow';

type Rpc = typeof educationRegistrationRpc;
type Stage = Omit<RpcRequestParsed<Rpc['stage']>, 'caller'>;
type Reply<K extends keyof Rpc> = RpcResponse<Rpc[K]>;

const HOUR_MS = 3_600_000;
/** How long a repeated stage waits for the concurrent one that created its session to stage it. */
const CONCURRENT_STAGE_WAIT_MS = 2_000;

/**
 * The education registration workflow, one method per step: a session in Redis moved through
 * its steps by the rules in registration.workflow.ts, the checks and the record in the
 * education service, the account in the accounts service. Every transition, refusal and
 * failure goes to the audit trail (registration-steps.ts); what an owner reads names no other
 * account (registration-privacy.ts).
 */
@Injectable()
export class EducationRegistrationService {
  constructor(
    private readonly steps: RegistrationSteps,
    private readonly rpc: RpcClient,
    private readonly audit: RegistrationAuditService,
  ) {}

  /**
   * An owner stages only its own account's business id; staff stage any. Under an idempotency
   * key the session is named after the caller and key, and bound to the request (plus
   * `boundTo`: a run's account): a repeat answers the session the first made, the key with
   * another request 422.
   */
  async stage(
    caller: RegistrationCaller,
    { userBusinessId, educationData, options, idempotencyKey }: Stage,
    boundTo: Record<string, unknown> = {},
  ): Promise<Reply<'stage'>> {
    if (options.skipValidation && caller.privilege === 'owner') throw skipValidationForbidden();
    if (caller.privilege === 'owner') {
      const own = await this.rpc.call(accountRpc.get, { id: caller.id });
      if (own.businessId !== userBusinessId) throw businessIdNotOwn();
    }
    const id = idempotencyKey ? sessionIdFor(caller, idempotencyKey) : randomUUID();
    const hash = idempotencyKey
      ? requestHash({ userBusinessId, educationData, options, ...boundTo })
      : undefined;
    if (hash) {
      const earlier = await this.staged(id, caller, hash);
      if (earlier) return earlier;
    }
    const created = await this.steps.store
      .create({
        id,
        owner: caller.id,
        ttlMs: Math.max(1, Math.round(options.expirationHours * HOUR_MS)),
        data: {
          userBusinessId,
          educationData,
          options,
          validation: null,
          category: null,
          linkedAccountId: null,
          createdEducationId: null,
          errorMessage: null,
          lastError: null,
          completedAt: null,
          ...(hash ? { requestHash: hash } : {}),
        },
      })
      .catch(async (error: unknown) => {
        // a concurrent stage with the same key created it first: its reply once it has staged
        const earlier = hash ? await this.stagedSoon(id, caller, hash) : null;
        if (earlier) return earlier;
        // still pending after the wait: the request that created it died before staging it
        const abandoned = hash ? await this.pendingWith(id, caller, hash) : null;
        if (abandoned) return abandoned;
        throw error;
      });
    if (!('owner' in created)) return created;
    await this.audit.record({
      session: created,
      caller,
      action: 'create',
      from: null,
      to: created.state,
      outcome: 'succeeded',
      detail: { priority: options.priority },
    });
    await this.steps.store.claim(BUSINESS_ID_CLAIM, userBusinessId, created.id, created.expiresAt);
    const staged = await this.steps.apply(created, caller, 'stage');
    return {
      sessionId: staged.id,
      status: staged.state,
      createdAt: staged.createdAt,
      expiresAt: staged.expiresAt,
      success: true,
      message: 'Education data staged',
    };
  }

  /** A validation with critical failures is a failed step: the session goes to creation_failed. */
  async validate(id: string, caller: RegistrationCaller): Promise<Reply<'validate'>> {
    const session = await this.steps.load(id, caller);
    await this.steps.guard(session, caller, 'validate');
    const result = await this.steps.attempt(session, caller, 'validate', async () => {
      const { userBusinessId, educationData } = session.data;
      const claim = await this.steps.store.claim(
        BUSINESS_ID_CLAIM,
        userBusinessId,
        session.id,
        session.expiresAt,
      );
      return this.rpc.call(checksRpc.validate, {
        userBusinessId,
        educationData,
        liveSessionIds: claim.claimed ? [] : [claim.holder],
        sessionId: session.id,
      });
    });
    const withResult = (data: Registration['data']) => ({ ...data, validation: result });
    const next = result.isValid
      ? await this.steps.apply(session, caller, 'validate', withResult, {
          validationScore: result.validationScore,
        })
      : await this.steps.recordFailure(
          session,
          caller,
          'validate',
          {
            code: 'EDUCATION_VALIDATION_FAILED',
            message: `Validation failed: ${result.criticalFailures.map((failure) => failure.message).join('; ')}`,
          },
          withResult,
        );
    return { ...validationFor(caller, result), sessionId: next.id, status: next.state };
  }

  /**
   * A first decision, with the membership of the account carrying the business id now; linking
   * decides again with the linked account (see linkAccount).
   */
  async category(id: string, caller: RegistrationCaller): Promise<Reply<'category'>> {
    const session = await this.steps.load(id, caller);
    const action = session.data.options.skipValidation ? 'categoryWithoutValidation' : 'category';
    await this.steps.guard(session, caller, action);
    return this.steps.attempt(session, caller, action, async () => {
      const determination = await this.rpc.call(checksRpc.category, {
        userBusinessId: session.data.userBusinessId,
        graduationYear: session.data.educationData.graduationYear,
      });
      const category: RegistrationCategory = { ...determination, decidedAtStep: 'category' };
      const next = await this.steps.apply(
        session,
        caller,
        action,
        (data) => ({ ...data, category }),
        { category: category.category, accountId: category.accountId },
      );
      return { ...categoryFor(caller, category), sessionId: next.id, status: next.state };
    });
  }

  /**
   * The account must exist, be active and carry the session's business id; an owner links only
   * its own account; admin and main may link an account without a business id, which receives
   * it (the accounts service decides whether the caller may change that account). The category
   * is then decided again with the linked account's membership: that is the one the record gets.
   */
  async linkAccount(
    id: string,
    accountId: string,
    caller: RegistrationCaller,
  ): Promise<Reply<'linkAccount'>> {
    const session = await this.steps.load(id, caller);
    await this.steps.guard(session, caller, 'linkAccount');
    return this.steps.attempt(session, caller, 'linkAccount', async () => {
      if (caller.privilege === 'owner' && accountId !== caller.id) throw accountNotOwn();
      const account = await this.rpc.call(accountRpc.get, { id: accountId });
      if (!account.isActive) throw accountInactive(accountId);
      const { userBusinessId, educationData } = session.data;
      const current = account.businessId ?? null;
      const assign = current === null && caller.privilege !== 'owner';
      if (current !== userBusinessId && !assign) {
        throw accountBusinessIdMismatch(accountId, current, userBusinessId);
      }
      if (assign) {
        await this.rpc.call(accountRpc.update, {
          id: accountId,
          fields: { businessId: userBusinessId },
          actor: caller,
        });
      }
      const determination = await this.rpc.call(checksRpc.category, {
        userBusinessId,
        graduationYear: educationData.graduationYear,
        accountId,
      });
      const category: RegistrationCategory = { ...determination, decidedAtStep: 'link-account' };
      const next = await this.steps.apply(
        session,
        caller,
        'linkAccount',
        (data) => ({ ...data, linkedAccountId: accountId, category }),
        {
          accountId,
          businessIdAssigned: assign,
          category: category.category,
          previousCategory: session.data.category?.category ?? null,
        },
      );
      return {
        sessionId: next.id,
        status: next.state,
        linked: true,
        linkedAccountId: accountId,
        businessIdAssigned: assign,
        category: categoryFor(caller, category),
      };
    });
  }

  /**
   * Persists the record (the education service creates one per session, so a retry returns
   * the same record). A failure moves the session to creation_failed, from where create may
   * be called again.
   */
  async create(id: string, caller: RegistrationCaller): Promise<Reply<'create'>> {
    const session = await this.steps.load(id, caller);
    await this.steps.guard(session, caller, 'create');
    const { userBusinessId, educationData, linkedAccountId, category } = session.data;
    const record = await this.steps.attempt(session, caller, 'create', async () => {
      if (!linkedAccountId || !category) {
        throw new Error('session reached account_linked without an account and a category');
      }
      const claim = await this.steps.store.claim(
        BUSINESS_ID_CLAIM,
        userBusinessId,
        session.id,
        session.expiresAt,
      );
      if (!claim.claimed) {
        throw businessIdHeld(
          userBusinessId,
          caller.privilege === 'owner' ? undefined : claim.holder,
        );
      }
      return this.rpc.call(
        recordRpc.create,
        {
          sessionId: session.id,
          userBusinessId,
          accountId: linkedAccountId,
          educationData,
          category: category.category,
        },
        { idempotencyKey: `education-registration:${session.id}` },
      );
    });
    try {
      const next = await this.steps.apply(
        session,
        caller,
        'create',
        (data) => ({ ...data, createdEducationId: record.id }),
        { recordId: record.id },
      );
      return {
        sessionId: next.id,
        status: next.state,
        created: true,
        createdEducationId: record.id,
        record,
      };
    } catch (error) {
      // A concurrent create of the same session won the write: it made the same record.
      if (!(error instanceof SessionConflictError)) throw error;
      const now = await this.steps.load(id, caller);
      if (now.data.createdEducationId !== record.id) throw error;
      return {
        sessionId: now.id,
        status: now.state,
        created: true,
        createdEducationId: record.id,
        record,
      };
    }
  }

  async complete(id: string, caller: RegistrationCaller): Promise<Reply<'complete'>> {
    const session = await this.steps.load(id, caller);
    await this.steps.guard(session, caller, 'complete');
    const completedAt = new Date().toISOString();
    const next = await this.steps.apply(session, caller, 'complete', (data) => ({
      ...data,
      completedAt,
    }));
    // the record now holds the business id; the claim has done its work
    await this.steps.store.release(BUSINESS_ID_CLAIM, next.data.userBusinessId, next.id);
    return {
      sessionId: next.id,
      status: next.state,
      completedAt,
      createdEducationId: next.data.createdEducationId ?? '',
    };
  }

  async get(id: string, caller: RegistrationCaller): Promise<RegistrationView> {
    return viewFor(caller, toRegistrationView(await this.steps.load(id, caller)));
  }

  async trail(
    id: string,
    caller: RegistrationCaller,
    page: { page: number; limit: number },
  ): Promise<Reply<'audit'>> {
    const trail = await this.audit.trail(id, caller, page);
    if (!trail) throw registrationNotFound(id);
    return trail;
  }

  /** staged(), waiting a moment for a session another request is staging right now. */
  private async stagedSoon(
    id: string,
    caller: RegistrationCaller,
    hash: string,
  ): Promise<Reply<'stage'> | null> {
    const deadline = Date.now() + CONCURRENT_STAGE_WAIT_MS;
    for (;;) {
      const earlier = await this.staged(id, caller, hash);
      if (earlier || Date.now() > deadline) return earlier;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The session under `id` if it is still pending and was created by this same request. */
  private async pendingWith(id: string, caller: RegistrationCaller, hash: string) {
    const session = await this.steps.load(id, caller).catch(() => null);
    if (session?.state !== 'pending' || session.data.requestHash !== hash) return null;
    return session;
  }

  /**
   * The stage reply of an existing session (a repeated idempotent stage), if there is one;
   * refused when that session was staged by another request.
   */
  private async staged(
    id: string,
    caller: RegistrationCaller,
    hash: string,
  ): Promise<Reply<'stage'> | null> {
    const session = await this.steps.load(id, caller).catch((error: unknown) => {
      // an unreadable one (moved aside by the store) is started over under the same key
      if (error instanceof SessionNotFoundError || error instanceof SessionCorruptedError) {
        return null;
      }
      throw error;
    });
    if (!session) return null;
    const stagedWith = session.data.requestHash;
    if (stagedWith !== undefined && stagedWith !== hash) throw idempotencyKeyReused();
    if (session.state === 'pending') return null;
    return {
      sessionId: session.id,
      status: session.state,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      success: true,
      message: 'Education data staged (repeated request)',
    };
  }
}

/** The session id an idempotency key stands for: one per caller and key. */
function sessionIdFor(caller: RegistrationCaller, key: string): string {
  const hex = createHash('sha256')
    .update(`education-registration:${caller.id}:${key}`)
    .digest('hex');
  // laid out as a version-4-shaped UUID so it passes the same checks as a random one
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
