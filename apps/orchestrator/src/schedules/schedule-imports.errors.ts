import { DirectoryErrorCode, ScheduleImportErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const importInProgress = (hospitalId: string, importId: string) =>
  new DomainError(
    ScheduleImportErrorCode.InProgress,
    `Hospital ${hospitalId} has an import in progress: ${importId}`,
    409,
    { hospitalId, importId },
  );

export const importNotFound = (id: string) =>
  new DomainError(ScheduleImportErrorCode.NotFound, `Schedule import ${id} not found`, 404, { id });

export const unknownHospital = (hospitalId: string) =>
  new DomainError(DirectoryErrorCode.UnknownHospital, `Unknown hospital: ${hospitalId}`, 400, {
    field: 'hospitalId',
    unknown: [hospitalId],
  });

/** The caller's key (scoped to them) already named an import of another hospital or file. */
export const idempotencyKeyReused = () =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different import request (another hospital, file or roster URL)',
    422,
  );
