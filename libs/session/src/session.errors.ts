import { DomainError } from '@medicalink/errors';

/**
 * Typed session failures. They are DomainErrors, so every transport maps them like any other;
 * the classes let a workflow tell them apart with `instanceof` inside the process.
 */

/** Unknown, expired or someone else's session: all three answer the same, so ids leak nothing. */
export class SessionNotFoundError extends DomainError {
  constructor(sessionId: string) {
    super('SESSION_NOT_FOUND', 'Session not found or expired', 404, { sessionId });
  }
}

/** Another writer changed the session between this writer's read and its write. */
export class SessionConflictError extends DomainError {
  constructor(sessionId: string, expectedVersion: number, currentVersion?: number) {
    super(
      'SESSION_CONFLICT',
      'The session was changed by another request; read it again and retry',
      409,
      { sessionId, expectedVersion, ...(currentVersion === undefined ? {} : { currentVersion }) },
    );
  }
}

/** The action is not allowed from the session's current state. */
export class SessionTransitionError extends DomainError {
  constructor(
    sessionId: string,
    action: string,
    currentState: string,
    allowedStates: readonly string[],
    status: 400 | 409,
  ) {
    super(
      'SESSION_TRANSITION_REFUSED',
      `Cannot ${action} a session in state "${currentState}" (allowed from: ${allowedStates.join(', ')})`,
      status,
      { sessionId, action, currentState, allowedStates: [...allowedStates] },
    );
  }
}

/**
 * The stored record cannot be read: damaged in Redis, or written by a version whose record no
 * longer fits the workflow's schema. 410: this session is gone for good (the record is moved
 * aside), and a new one may be started at once, under the same id if the caller derives it.
 */
export class SessionCorruptedError extends DomainError {
  constructor(sessionId: string) {
    super(
      'SESSION_CORRUPTED',
      `Session ${sessionId} could not be read (damaged, or written by an older version); start a new one`,
      410,
      { sessionId },
    );
  }
}

/** Redis is down or did not answer in time: nothing was decided, trying again may work. */
export class SessionStoreUnavailableError extends DomainError {
  constructor(operation: string, cause: string) {
    super(
      'SESSION_STORE_UNAVAILABLE',
      'The session store is unavailable; try again shortly',
      503,
      { operation, cause },
      true,
    );
  }
}
