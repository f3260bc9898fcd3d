import { DirectoryErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const licenseTaken = () =>
  new DomainError(
    DirectoryErrorCode.LicenseTaken,
    'A doctor with this license number already exists',
    409,
    {
      field: 'licenseNumber',
    },
  );

export const accountTaken = () =>
  new DomainError(
    DirectoryErrorCode.AccountTaken,
    'This account already has a doctor profile',
    409,
    {
      field: 'accountId',
    },
  );

export const doctorNotFound = (id: string) =>
  new DomainError(DirectoryErrorCode.NotFound, `Doctor ${id} not found`, 404, { id });

export const unknownHospitals = (ids: string[]) =>
  new DomainError(DirectoryErrorCode.UnknownHospital, `Unknown hospital: ${ids.join(', ')}`, 400, {
    field: 'hospitalIds',
    unknown: ids,
  });

export const idTaken = () =>
  new DomainError('DOCTOR_ID_TAKEN', 'A doctor with this id already exists', 409, { field: 'id' });

/** A create for an id whose profile was deleted already (a compensated saga step arriving late). */
export const idRetired = () =>
  new DomainError(
    'DOCTOR_ID_RETIRED',
    'A doctor with this id was deleted and cannot be created again',
    409,
    {
      field: 'id',
    },
  );
