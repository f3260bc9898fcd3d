import type { RegistrationStep } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const skipValidationForbidden = () =>
  new DomainError(
    'EDUCATION_SKIP_VALIDATION_FORBIDDEN',
    'options.skipValidation is only for admin and main',
    403,
    { field: 'options.skipValidation' },
  );

/** The caller's key already staged a registration with another request. */
export const idempotencyKeyReused = () =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different registration request',
    422,
  );

/** An owner staging a business id that is not its own account's. */
export const businessIdNotOwn = () =>
  new DomainError(
    'EDUCATION_BUSINESS_ID_NOT_OWN',
    "Owners may register only their own account's business id",
    403,
    { field: 'userBusinessId' },
  );

export const registrationNotFound = (sessionId: string) =>
  new DomainError('SESSION_NOT_FOUND', 'Session not found or expired', 404, { sessionId });

export const accountNotOwn = () =>
  new DomainError('EDUCATION_ACCOUNT_NOT_OWN', 'Owners may only link their own account', 403, {
    field: 'accountId',
  });

// The messages below end up on the registration (its last error), which its owner reads even
// when staff linked it: they name no account, the details (for the one who asked) do.

export const accountInactive = (accountId: string) =>
  new DomainError('EDUCATION_ACCOUNT_INACTIVE', 'The account to link is not active', 409, {
    field: 'accountId',
    accountId,
  });

export const accountBusinessIdMismatch = (
  accountId: string,
  accountBusinessId: string | null,
  userBusinessId: string,
) =>
  new DomainError(
    'EDUCATION_ACCOUNT_BUSINESS_ID_MISMATCH',
    accountBusinessId === null
      ? `The account to link has no business id; only admin or main may link it (it then receives ${userBusinessId})`
      : `The account to link carries another business id than ${userBusinessId}`,
    409,
    { field: 'accountId', accountId, accountBusinessId, userBusinessId },
  );

/** `holder` is left out for an owner: another session is not theirs to know. */
export const businessIdHeld = (userBusinessId: string, holder?: string) =>
  new DomainError(
    'EDUCATION_BUSINESS_ID_IN_REGISTRATION',
    `Business id ${userBusinessId} is being registered by another session`,
    409,
    { field: 'userBusinessId', ...(holder ? { sessionId: holder } : {}) },
  );

/** A failed session goes on only with the step that failed. */
export const stepNotResumable = (
  sessionId: string,
  step: RegistrationStep,
  failedStep: RegistrationStep,
) =>
  new DomainError(
    'SESSION_TRANSITION_REFUSED',
    `Cannot ${step} a session in state "creation_failed": its ${failedStep} step failed; run ${failedStep} again or start a new registration`,
    409,
    { sessionId, action: step, currentState: 'creation_failed', failedStep },
  );
