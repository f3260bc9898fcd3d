import { Inject, Injectable } from '@nestjs/common';
import { DirectoryErrorCode, type Hospital } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { isUniqueViolation, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase } from '../database/directory.schema';
import { HospitalsRepository, toHospital } from './hospitals.repository';

@Injectable()
export class HospitalsService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    private readonly hospitals: HospitalsRepository,
  ) {}

  async create(name: string, city: string | undefined): Promise<Hospital> {
    try {
      return toHospital(await this.hospitals.insert(this.db, { name, city: city ?? null }));
    } catch (error) {
      if (isUniqueViolation(error, 'hospitals_name_key')) {
        throw new DomainError(
          DirectoryErrorCode.HospitalNameTaken,
          'A hospital with this name already exists',
          409,
          {
            field: 'name',
          },
        );
      }
      throw error;
    }
  }

  async list(): Promise<Hospital[]> {
    return (await this.hospitals.list(this.db)).map(toHospital);
  }
}
