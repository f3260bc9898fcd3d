import { Inject, Injectable } from '@nestjs/common';
import {
  paginationMetadata,
  type College,
  type Country,
  type PaginatedResponse,
  type PaginationQuery,
  type University,
} from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { EducationDatabase } from '../database/education.schema';
import { ReferenceRepository, type Page } from './reference.repository';

/** The reference lists, paginated like every list. */
@Injectable()
export class ReferenceService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<EducationDatabase>,
    private readonly reference: ReferenceRepository,
  ) {}

  async countries(
    query: PaginationQuery,
  ): Promise<PaginatedResponse<Country> & { version: string }> {
    const [version, page] = await Promise.all([
      this.reference.version(this.db),
      this.reference.countries(this.db, windowOf(query)),
    ]);
    return { ...paginated(query, page), version };
  }

  async universities(
    country: string,
    query: PaginationQuery,
  ): Promise<PaginatedResponse<University>> {
    return paginated(query, await this.reference.universitiesIn(this.db, country, windowOf(query)));
  }

  async colleges(
    country: string,
    search: string | undefined,
    query: PaginationQuery,
  ): Promise<PaginatedResponse<College>> {
    const page = search
      ? await this.reference.searchColleges(this.db, country, search, windowOf(query))
      : await this.reference.collegesIn(this.db, country, windowOf(query));
    return paginated(query, page);
  }
}

function windowOf({ page, limit }: PaginationQuery) {
  return { offset: (page - 1) * limit, limit };
}

function paginated<T>({ page, limit }: PaginationQuery, rows: Page<T>): PaginatedResponse<T> {
  return { data: rows.rows, meta: paginationMetadata(page, limit, rows.total) };
}
