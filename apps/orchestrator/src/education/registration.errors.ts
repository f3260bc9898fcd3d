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

export const registrationNotFound = (sessionId: string) =>
  new DomainError('SESSION_NOT_FOUND', 'Session not found or expired', 404, { sessionId });

export const accountNotOwn = () =>
  new DomainError('EDUCATION_ACCOUNT_NOT_OWN', 'Owners may only link their own account', 403, {
    field: 'accountId',
  });

export const accountInactive = (accountId: string) =>
  new DomainError('EDUCATION_ACCOUNT_INACTIVE', `Account ${accountId} is not active`, 409, {
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
      ? `Account ${accountId} has no business id; only admin or main may link it (it then receives ${userBusinessId})`
      : `Account ${accountId} carries business id ${accountBusinessId}, not ${userBusinessId}`,
    409,
    { field: 'accountId', accountBusinessId, userBusinessId },
  );

export const businessIdHeld = (userBusinessId: string, holder: string) =>
  new DomainError(
    'EDUCATION_BUSINESS_ID_IN_REGISTRATION',
    `Business id ${userBusinessId} is being registered by another session`,
    409,
    { field: 'userBusinessId', sessionId: holder },
  );
