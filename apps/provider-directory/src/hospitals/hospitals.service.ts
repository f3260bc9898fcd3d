import { Inject, Injectable } from '@nestjs/common';
import {
  paginationMetadata,
  type Hospital,
  type hospitalRpc,
  type PaginatedResponse,
  type RpcRequestParsed,
} from '@medicalink/contracts';
import { isUniqueViolation, runIdempotent, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase } from '../database/directory.schema';
import { hospitalNameTaken, hospitalNotFound } from './hospitals.errors';
import { HospitalsRepository, toHospital } from './hospitals.repository';

type CreateHospital = RpcRequestParsed<typeof hospitalRpc.create>;

@Injectable()
export class HospitalsService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    private readonly hospitals: HospitalsRepository,
  ) {}

  async create(request: CreateHospital, idempotencyKey?: string): Promise<Hospital> {
    const { name, city, rosterSourceUrl } = request;
    try {
      return await runIdempotent(
        this.db,
        { command: 'hospital.create', key: idempotencyKey, request },
        async (trx) =>
          toHospital(
            await this.hospitals.insert(trx, {
              name,
              city: city ?? null,
              roster_source_url: rosterSourceUrl ?? null,
            }),
          ),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'hospitals_name_key')) throw hospitalNameTaken();
      throw error;
    }
  }

  async get(id: string): Promise<Hospital> {
    const row = await this.hospitals.findById(this.db, id);
    if (!row) throw hospitalNotFound(id);
    return toHospital(row);
  }

  async list(): Promise<Hospital[]> {
    return (await this.hospitals.list(this.db)).map(toHospital);
  }

  async page(page: number, limit: number): Promise<PaginatedResponse<Hospital>> {
    const { rows, total } = await this.hospitals.page(this.db, page, limit);
    return { data: rows.map(toHospital), meta: paginationMetadata(page, limit, total) };
  }
}
