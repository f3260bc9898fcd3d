import { Inject, Injectable } from '@nestjs/common';
import type { College, Country, University } from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { EducationDatabase } from '../database/education.schema';
import { ReferenceRepository } from './reference.repository';

@Injectable()
export class ReferenceService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<EducationDatabase>,
    private readonly reference: ReferenceRepository,
  ) {}

  async countries(): Promise<{ version: string; countries: Country[] }> {
    const [version, countries] = await Promise.all([
      this.reference.version(this.db),
      this.reference.countries(this.db),
    ]);
    return { version, countries };
  }

  universities(country: string): Promise<University[]> {
    return this.reference.universitiesIn(this.db, country);
  }

  colleges(country: string, search?: string): Promise<College[]> {
    return search
      ? this.reference.searchColleges(this.db, country, search)
      : this.reference.collegesIn(this.db, country);
  }
}
