import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  accountRpc,
  checksRpc,
  educationRegistrationRpc,
  recordRpc,
  type RegistrationCaller,
  type RegistrationStep,
  type RegistrationView,
  type RpcRequestParsed,
  type RpcResponse,
} from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { requestHash } from '@medicalink/persistence';
import { RpcClient, RpcError, toEnvelope } from '@medicalink/messaging';
import {
  SessionConflictError,
  SessionNotFoundError,
  SessionTransitionError,
  type SessionAccess,
  type SessionStore,
} from '@medicalink/session';
import {
  accountBusinessIdMismatch,
  accountInactive,
  accountNotOwn,
  businessIdHeld,
  idempotencyKeyReused,
  registrationNotFound,
  skipValidationForbidden,
} from './registration.errors';
import { RegistrationAuditService } from './registration-audit.service';
import { toRegistrationView } from './registration-view';
import {
  registrationWorkflow,
  type Registration,
  type RegistrationAction,
  type RegistrationDraft,
} from './registration.workflow';

export const REGISTRATION_STORE = Symbol('REGISTRATION_STORE');
export type RegistrationStore = SessionStore<
  Registration['state'],
  RegistrationAction,
  RegistrationDraft
>;

type Rpc = typeof educationRegistrationRpc;
type Stage = RpcRequestParsed<Rpc['stage']>;
type Run = RpcRequestParsed<Rpc['run']>;
type Reply<K extends keyof Rpc> = RpcResponse<Rpc[K]>;

/** The steps of `run` a session in each status has behind it. */
const RUN_DONE_BY_STATUS: Record<Registration['state'], readonly RegistrationStep[]> = {
  pending: [],
  staged: [],
  validated: ['validate'],
  category_determined: ['validate', 'category'],
  account_linked: ['validate', 'category', 'link-account'],
  creation_failed: ['validate', 'category', 'link-account'],
  education_created: ['validate', 'category', 'link-account', 'create'],
  workflow_completed: ['validate', 'category', 'link-account', 'create', 'complete'],
};

/** One live registration per business id: the session that claims it first holds it. */
const BUSINESS_ID_CLAIM = 'business-id';
const HOUR_MS = 3_600_000;
/** How long a repeated stage waits for the concurrent one that created its session to stage it. */
const CONCURRENT_STAGE_WAIT_MS = 2_000;

/**
 * The education registration workflow (seed 000): a session in Redis moved through its steps
 * by the rules in registration.workflow.ts, the checks and the record in the education
 * service, and every transition (or refusal) written to the audit trail.
 */
@Injectable()
export class EducationRegistrationService {
  constructor(
    @Inject(REGISTRATION_STORE) private readonly store: RegistrationStore,
    private readonly rpc: RpcClient,
    private readonly audit: RegistrationAuditService,
  ) {}

  stage(request: Stage): Promise<Reply<'stage'>> {
    return this.stageBound(request, {});
  }

  /**
   * Stages a session; under an idempotency key the session is named after the caller and key,
   * and bound to the request (plus `boundTo`: a run's account): a repeat answers the session
   * the first made, the key with another request 422.
   */
  private async stageBound(
    { caller, userBusinessId, educationData, options, idempotencyKey }: Stage,
    boundTo: Record<string, unknown>,
  ): Promise<Reply<'stage'>> {
    if (options.skipValidation && caller.privilege === 'owner') throw skipValidationForbidden();
    const id = idempotencyKey ? sessionIdFor(caller, idempotencyKey) : randomUUID();
    const hash = idempotencyKey
      ? requestHash({ userBusinessId, educationData, options, ...boundTo })
      : undefined;
    if (hash) {
      const earlier = await this.staged(id, caller, hash);
      if (earlier) return earlier;
    }
    const created = await this.store
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
          completedAt: null,
          ...(hash ? { requestHash: hash } : {}),
        },
      })
      .catch(async (error: unknown) => {
        // a concurrent stage with the same key created it first: its reply once it has staged
        const earlier = hash ? await this.stagedSoon(id, caller, hash) : null;
        if (earlier) return earlier;
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
    });
    await this.store.claim(BUSINESS_ID_CLAIM, userBusinessId, created.id, created.expiresAt);
    const staged = await this.apply(created, caller, 'stage');
    return {
      sessionId: staged.id,
      status: staged.state,
      createdAt: staged.createdAt,
      expiresAt: staged.expiresAt,
      success: true,
      message: 'Education data staged',
    };
  }

  async validate(id: string, caller: RegistrationCaller): Promise<Reply<'validate'>> {
    const session = await this.load(id, caller);
    await this.guard(session, caller, 'validate');
    return this.attempt(session, caller, 'validate', async () => {
      const { userBusinessId, educationData } = session.data;
      const claim = await this.store.claim(
        BUSINESS_ID_CLAIM,
        userBusinessId,
        session.id,
        session.expiresAt,
      );
      const result = await this.rpc.call(checksRpc.validate, {
        userBusinessId,
        educationData,
        liveSessionIds: claim.claimed ? [] : [claim.holder],
      });
      const next = await this.apply(
        session,
        caller,
        result.isValid ? 'validate' : 'validationFailed',
        (data) => ({ ...data, validation: result }),
        {
          validationScore: result.validationScore,
          criticalFailures: result.criticalFailures.map((failure) => failure.code),
        },
      );
      return { ...result, sessionId: next.id, status: next.state };
    });
  }

  async category(id: string, caller: RegistrationCaller): Promise<Reply<'category'>> {
    const session = await this.load(id, caller);
    const action = session.data.options.skipValidation ? 'categoryWithoutValidation' : 'category';
    await this.guard(session, caller, action);
    return this.attempt(session, caller, action, async () => {
      const determination = await this.rpc.call(checksRpc.category, {
        userBusinessId: session.data.userBusinessId,
        graduationYear: session.data.educationData.graduationYear,
      });
      const next = await this.apply(
        session,
        caller,
        action,
        (data) => ({ ...data, category: determination }),
        { category: determination.category },
      );
      return { ...determination, sessionId: next.id, status: next.state };
    });
  }

  /**
   * The account must exist, be active and carry the session's business id; an owner links only
   * its own account; admin and main may link an account without a business id, which receives it.
   */
  async linkAccount(
    id: string,
    accountId: string,
    caller: RegistrationCaller,
  ): Promise<Reply<'linkAccount'>> {
    const session = await this.load(id, caller);
    await this.guard(session, caller, 'linkAccount');
    return this.attempt(session, caller, 'linkAccount', async () => {
      if (caller.privilege === 'owner' && accountId !== caller.id) throw accountNotOwn();
      const account = await this.rpc.call(accountRpc.get, { id: accountId });
      if (!account.isActive) throw accountInactive(accountId);
      const { userBusinessId } = session.data;
      const current = account.businessId ?? null;
      const assign = current === null && caller.privilege !== 'owner';
      if (current !== userBusinessId && !assign) {
        throw accountBusinessIdMismatch(accountId, current, userBusinessId);
      }
      if (assign) {
        await this.rpc.call(accountRpc.update, {
          id: accountId,
          fields: { businessId: userBusinessId },
        });
      }
      const next = await this.apply(
        session,
        caller,
        'linkAccount',
        (data) => ({ ...data, linkedAccountId: accountId }),
        { accountId, businessIdAssigned: assign },
      );
      return {
        sessionId: next.id,
        status: next.state,
        linked: true,
        linkedAccountId: accountId,
        businessIdAssigned: assign,
      };
    });
  }

  /**
   * Persists the record (the education service creates one per session, so a retry returns
   * the same record). A failure moves the session to creation_failed, from where create may
   * be called again.
   */
  async create(id: string, caller: RegistrationCaller): Promise<Reply<'create'>> {
    const session = await this.load(id, caller);
    await this.guard(session, caller, 'create');
    const { userBusinessId, educationData, linkedAccountId, category } = session.data;
    let record: RpcResponse<typeof recordRpc.create>;
    try {
      if (!linkedAccountId || !category) {
        throw new Error('session reached account_linked without an account and a category');
      }
      const claim = await this.store.claim(
        BUSINESS_ID_CLAIM,
        userBusinessId,
        session.id,
        session.expiresAt,
      );
      if (!claim.claimed) throw businessIdHeld(userBusinessId, claim.holder);
      record = await this.rpc.call(
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
    } catch (error) {
      throw await this.creationFailed(session, caller, error);
    }
    try {
      const next = await this.apply(
        session,
        caller,
        'create',
        (data) => ({ ...data, createdEducationId: record.id, errorMessage: null }),
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
      const now = await this.load(id, caller);
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
    const session = await this.load(id, caller);
    await this.guard(session, caller, 'complete');
    const completedAt = new Date().toISOString();
    const next = await this.apply(session, caller, 'complete', (data) => ({
      ...data,
      completedAt,
    }));
    // the record now holds the business id; the claim has done its work
    await this.store.release(BUSINESS_ID_CLAIM, next.data.userBusinessId, next.id);
    return {
      sessionId: next.id,
      status: next.state,
      completedAt,
      createdEducationId: next.data.createdEducationId ?? '',
    };
  }

  async get(id: string, caller: RegistrationCaller): Promise<RegistrationView> {
    return toRegistrationView(await this.load(id, caller));
  }

  async trail(id: string, caller: RegistrationCaller): Promise<Reply<'audit'>> {
    const data = await this.audit.trail(id, caller);
    if (data.length === 0) throw registrationNotFound(id);
    return { data };
  }

  /** Every step in one call; stops at the first that fails and returns the session with its result. */
  async run({ accountId, caller, ...stage }: Run): Promise<Reply<'run'>> {
    const staged = await this.stageBound({ caller, ...stage }, { accountId });
    const id = staged.sessionId;
    const steps: { step: RegistrationStep; ok: boolean }[] = [{ step: 'stage', ok: true }];
    // a repeated run (same idempotency key) goes on from where the first one stopped
    const done = RUN_DONE_BY_STATUS[staged.status];
    const plan: [RegistrationStep, () => Promise<unknown>][] = [
      ...(stage.options.skipValidation
        ? []
        : [
            ['validate', () => this.validate(id, caller)] as [
              RegistrationStep,
              () => Promise<unknown>,
            ],
          ]),
      ['category', () => this.category(id, caller)],
      ['link-account', () => this.linkAccount(id, accountId, caller)],
      ['create', () => this.create(id, caller)],
      ['complete', () => this.complete(id, caller)],
    ];
    for (const [step, work] of plan.filter(([name]) => !done.includes(name))) {
      let stepResult: Reply<'run'>['stepResult'];
      try {
        const result = await work();
        if (step !== 'validate' || (result as Reply<'validate'>).isValid) {
          steps.push({ step, ok: true });
          continue;
        }
        const { sessionId: _id, status: _status, ...validation } = result as Reply<'validate'>;
        stepResult = validation;
      } catch (error) {
        if (!(error instanceof DomainError || error instanceof RpcError)) throw error;
        stepResult = toEnvelope(error);
      }
      steps.push({ step, ok: false });
      return {
        completed: false,
        session: await this.get(id, caller),
        failedStep: step,
        stepResult,
        steps,
      };
    }
    return {
      completed: true,
      session: await this.get(id, caller),
      failedStep: null,
      stepResult: null,
      steps,
    };
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

  /**
   * The stage reply of an existing session (a repeated idempotent stage), if there is one;
   * refused when that session was staged by another request.
   */
  private async staged(
    id: string,
    caller: RegistrationCaller,
    hash: string,
  ): Promise<Reply<'stage'> | null> {
    const session = await this.load(id, caller).catch((error: unknown) => {
      if (error instanceof SessionNotFoundError) return null;
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

  private load(id: string, caller: RegistrationCaller): Promise<Registration> {
    return this.store.get(id, access(caller));
  }

  /** Refuses a step from the wrong status (409 naming both), writing the refusal to the trail. */
  private async guard(
    session: Registration,
    caller: RegistrationCaller,
    action: RegistrationAction,
  ): Promise<void> {
    try {
      this.store.assertAllowed(session, action);
    } catch (error) {
      if (error instanceof SessionTransitionError) {
        await this.audit.record({
          session,
          caller,
          action,
          from: session.state,
          to: registrationWorkflow.transitions[action].to ?? session.state,
          outcome: 'refused',
          detail: { code: error.code },
        });
      }
      throw error;
    }
  }

  /** Runs a step's work; a failure is written to the trail (as failed) and rethrown. */
  private async attempt<T>(
    session: Registration,
    caller: RegistrationCaller,
    action: RegistrationAction,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.audit.record({
        session,
        caller,
        action,
        from: session.state,
        to: registrationWorkflow.transitions[action].to ?? session.state,
        outcome: 'failed',
        detail: { code: toEnvelope(error).code },
      });
      throw error;
    }
  }

  /** Writes the transition (compare-and-set on the version read) and its audit row. */
  private async apply(
    session: Registration,
    caller: RegistrationCaller,
    action: RegistrationAction,
    change?: (data: RegistrationDraft) => RegistrationDraft,
    detail?: Record<string, unknown>,
  ): Promise<Registration> {
    const next = await this.store.transition(
      session.id,
      access(caller),
      action,
      change ? (record) => change(record.data) : undefined,
      { expectedVersion: session.version },
    );
    await this.audit.record({
      session: next,
      caller,
      action,
      from: session.state,
      to: next.state,
      outcome: action === 'validationFailed' || action === 'createFailed' ? 'failed' : 'succeeded',
      ...(detail ? { detail } : {}),
    });
    return next;
  }

  /** Moves the session to creation_failed with the error, and returns the error to throw. */
  private async creationFailed(
    session: Registration,
    caller: RegistrationCaller,
    error: unknown,
  ): Promise<Error> {
    const envelope = toEnvelope(error);
    await this.apply(
      session,
      caller,
      'createFailed',
      (data) => ({ ...data, errorMessage: envelope.message }),
      { code: envelope.code },
    );
    return new RpcError({
      ...envelope,
      context: { ...envelope.context, session: { id: session.id, status: 'creation_failed' } },
    });
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

function access(caller: RegistrationCaller): SessionAccess {
  return { userId: caller.id, anyOwner: caller.privilege !== 'owner' };
}
