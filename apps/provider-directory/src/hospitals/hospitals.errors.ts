import { DirectoryErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const hospitalNameTaken = () =>
  new DomainError(
    DirectoryErrorCode.HospitalNameTaken,
    'A hospital with this name already exists',
    409,
    { field: 'name' },
  );

export const hospitalNotFound = (id: string) =>
  new DomainError(DirectoryErrorCode.HospitalNotFound, `Hospital ${id} not found`, 404, { id });
