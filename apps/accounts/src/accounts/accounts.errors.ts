import { AccountsErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const emailTaken = () =>
  new DomainError(AccountsErrorCode.EmailTaken, 'An account with this email already exists', 409, {
    field: 'email',
  });

export const businessIdTaken = () =>
  new DomainError(
    AccountsErrorCode.BusinessIdTaken,
    'An account with this business id already exists',
    409,
    { field: 'businessId' },
  );

export const accountNotFound = (id: string) =>
  new DomainError(AccountsErrorCode.NotFound, `Account ${id} not found`, 404, { id });

export const idTaken = () =>
  new DomainError('ACCOUNT_ID_TAKEN', 'An account with this id already exists', 409, {
    field: 'id',
  });

/** A create for an id whose account was deleted already (a compensated saga step arriving late). */
export const idRetired = () =>
  new DomainError(
    'ACCOUNT_ID_RETIRED',
    'An account with this id was deleted and cannot be created again',
    409,
    {
      field: 'id',
    },
  );

/** The actor may not make this change (its rank, or the field, or someone else's account). */
export const changeForbidden = (message: string, fields?: readonly string[]) =>
  new DomainError(
    AccountsErrorCode.ChangeForbidden,
    message,
    403,
    fields && fields.length > 0 ? { field: fields[0], fields: [...fields] } : undefined,
  );
