import { EducationErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const recordNotFound = (id: string) =>
  new DomainError(EducationErrorCode.RecordNotFound, `Education record ${id} not found`, 404, {
    id,
  });

export const businessIdTaken = (userBusinessId: string) =>
  new DomainError(
    EducationErrorCode.BusinessIdTaken,
    `An education record for business id ${userBusinessId} already exists`,
    409,
    { field: 'userBusinessId', userBusinessId },
  );

/** The session has its record already, made from other data: a retry must repeat the request. */
export const sessionRecordMismatch = (sessionId: string, recordId: string) =>
  new DomainError(
    EducationErrorCode.SessionRecordMismatch,
    `Session ${sessionId} already created education record ${recordId} from other data`,
    409,
    { sessionId, recordId },
  );

export const graduationYearOutOfRange = (year: number, min: number, max: number) =>
  new DomainError(
    EducationErrorCode.InvalidRecord,
    `graduationYear must be between ${min} and ${max}`,
    400,
    { field: 'graduationYear', year, min, max },
  );
