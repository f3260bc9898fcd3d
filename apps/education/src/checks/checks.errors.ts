import { DomainError } from '@medicalink/errors';

/** A category asked for with an account that does not carry the registration's business id. */
export const accountWithoutBusinessId = (accountId: string, userBusinessId: string) =>
  new DomainError(
    'EDUCATION_ACCOUNT_BUSINESS_ID_MISMATCH',
    `The account does not carry business id ${userBusinessId}`,
    409,
    { field: 'accountId', accountId, userBusinessId },
  );
