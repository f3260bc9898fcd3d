import { Inject, Injectable } from '@nestjs/common';
import type {
  ErrorEnvelope,
  RegistrationCaller,
  RegistrationLastError,
} from '@medicalink/contracts';
import { isInternalError, maskInternalError, type DomainError } from '@medicalink/errors';
import { RpcError, toEnvelope } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { APP_LOGGER } from '@medicalink/runtime';
import {
  SessionConflictError,
  SessionCorruptedError,
  SessionNotFoundError,
  SessionStoreUnavailableError,
  type SessionAccess,
  type SessionStore,
} from '@medicalink/session';
import { stepNotResumable } from './registration.errors';
import { RegistrationAuditService } from './registration-audit.service';
import {
  registrationWorkflow,
  resumableStep,
  STEP_OF,
  type Registration,
  type RegistrationAction,
  type RegistrationDraft,
  type StepAction,
} from './registration.workflow';

export const REGISTRATION_STORE = Symbol('REGISTRATION_STORE');
export type RegistrationStore = SessionStore<
  Registration['state'],
  RegistrationAction,
  RegistrationDraft
>;

/** One live registration per business id: the session that claims it first holds it. */
export const BUSINESS_ID_CLAIM = 'business-id';

type DraftChange = (data: RegistrationDraft) => RegistrationDraft;

/**
 * How every registration step reads, moves and fails a session: each transition and each
 * refusal or failure is written to the audit trail (with the caller), and a failed step leaves
 * the session in creation_failed with what failed.
 */
@Injectable()
export class RegistrationSteps {
  constructor(
    @Inject(REGISTRATION_STORE) readonly store: RegistrationStore,
    private readonly audit: RegistrationAuditService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  load(id: string, caller: RegistrationCaller): Promise<Registration> {
    return this.store.get(id, access(caller));
  }

  /**
   * Refuses a step from the wrong status (409 naming both), or any step but the failed one on a
   * failed session, writing the refusal to the trail.
   */
  async guard(
    session: Registration,
    caller: RegistrationCaller,
    action: RegistrationAction,
  ): Promise<void> {
    try {
      this.store.assertAllowed(session, action);
      const failed = resumableStep(session);
      const step = STEP_OF[action as StepAction];
      if (failed && step && failed !== step) throw stepNotResumable(session.id, step, failed);
    } catch (error) {
      await this.audit.record({
        session,
        caller,
        action,
        from: session.state,
        to: registrationWorkflow.transitions[action].to ?? session.state,
        outcome: 'refused',
        detail: { code: (error as DomainError).code },
      });
      throw error;
    }
  }

  /** Runs a step's work; a failure is recorded (see fail) and rethrown. */
  async attempt<T>(
    session: Registration,
    caller: RegistrationCaller,
    action: StepAction,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw await this.fail(session, caller, action, error);
    }
  }

  /**
   * Writes the transition (compare-and-set on the version read) and its audit row. A step that
   * succeeds on a failed session clears what failed.
   */
  async apply(
    session: Registration,
    caller: RegistrationCaller,
    action: RegistrationAction,
    change?: DraftChange,
    detail?: Record<string, unknown>,
  ): Promise<Registration> {
    const recovered = session.state === 'creation_failed';
    const next = await this.store.transition(
      session.id,
      access(caller),
      action,
      (record) => {
        const data = change ? change(record.data) : record.data;
        return recovered ? { ...data, lastError: null, errorMessage: null } : data;
      },
      { expectedVersion: session.version },
    );
    await this.audit.record({
      session: next,
      caller,
      action,
      from: session.state,
      to: next.state,
      outcome: 'succeeded',
      ...(detail ? { detail } : {}),
    });
    return next;
  }

  /**
   * A step failed with an error: the session goes to creation_failed with the error as its last
   * error (a 5xx's text replaced by a generic one, the original logged), and the error to throw
   * says so. A problem of the session itself (changed meanwhile, gone, store down) changes
   * nothing but is written to the trail too.
   */
  async fail(
    session: Registration,
    caller: RegistrationCaller,
    action: StepAction,
    error: unknown,
  ): Promise<Error> {
    const envelope = toEnvelope(error);
    const cause = error instanceof Error ? error : new RpcError(envelope);
    if (isSessionProblem(error)) {
      await this.audit.record({
        session,
        caller,
        action,
        from: session.state,
        to: session.state,
        outcome: 'failed',
        detail: { step: STEP_OF[action], code: envelope.code },
      });
      return cause;
    }
    if (isInternalError(envelope)) {
      this.logger.error(
        {
          sessionId: session.id,
          step: STEP_OF[action],
          code: envelope.code,
          err: envelope.message,
        },
        'education registration step failed',
      );
    }
    const shown = maskInternalError(envelope);
    const next = await this.recordFailure(session, caller, action, shown);
    return new RpcError({
      ...shown,
      context: { ...shown.context, session: { id: session.id, status: next.state } },
    });
  }

  /**
   * Moves the session to creation_failed with `failure` as its last error, writes the failure
   * to the trail, and lets go of the business id (a failed registration holds it no longer; a
   * retried step claims it again). When the session changed meanwhile, only the trail says so.
   */
  async recordFailure(
    session: Registration,
    caller: RegistrationCaller,
    action: StepAction,
    failure: Pick<ErrorEnvelope, 'code' | 'message'>,
    change?: DraftChange,
  ): Promise<Registration> {
    const lastError: RegistrationLastError = {
      step: STEP_OF[action],
      code: failure.code,
      message: failure.message,
      at: new Date().toISOString(),
    };
    let next: Registration | null = null;
    try {
      next = await this.store.transition(
        session.id,
        access(caller),
        'stepFailed',
        (record) => ({
          ...(change ? change(record.data) : record.data),
          lastError,
          errorMessage: lastError.message,
        }),
        { expectedVersion: session.version },
      );
    } catch (error) {
      if (!isSessionProblem(error)) throw error;
    }
    await this.audit.record({
      session: next ?? session,
      caller,
      action,
      from: session.state,
      to: next?.state ?? session.state,
      outcome: 'failed',
      detail: { step: lastError.step, code: lastError.code, message: lastError.message },
    });
    if (!next) return session;
    await this.store.release(BUSINESS_ID_CLAIM, next.data.userBusinessId, next.id);
    return next;
  }
}

export function access(caller: RegistrationCaller): SessionAccess {
  return { userId: caller.id, anyOwner: caller.privilege !== 'owner' };
}

function isSessionProblem(error: unknown): boolean {
  return (
    error instanceof SessionConflictError ||
    error instanceof SessionNotFoundError ||
    error instanceof SessionCorruptedError ||
    error instanceof SessionStoreUnavailableError
  );
}
