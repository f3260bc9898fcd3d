import { Inject, Injectable } from '@nestjs/common';
import {
  educationRecordCreated,
  paginationMetadata,
  type EducationRecord,
  type PaginatedResponse,
  type RpcRequestParsed,
  type recordRpc,
} from '@medicalink/contracts';
import { isUniqueViolation, Outbox, OutboxRelay, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import { graduationYearRange } from '../checks/graduation-year';
import { CLOCK, type Clock } from '../clock/clock';
import type { EducationDatabase } from '../database/education.schema';
import {
  businessIdTaken,
  graduationYearOutOfRange,
  recordNotFound,
  sessionRecordMismatch,
} from './records.errors';
import { RecordsRepository, toRecord, type RecordRow } from './records.repository';

type CreateRecord = RpcRequestParsed<typeof recordRpc.create>;
type ListRecords = RpcRequestParsed<typeof recordRpc.list>;
type Db = Kysely<EducationDatabase>;

@Injectable()
export class RecordsService {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly records: RecordsRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Creates the session's record once: a repeated create (a retry after a lost reply, or a
   * concurrent duplicate) returns the record the first one made. One record per business id.
   */
  async create(request: CreateRecord): Promise<EducationRecord> {
    const { min, max } = graduationYearRange(this.clock());
    const year = request.educationData.graduationYear;
    if (year < min || year > max) throw graduationYearOutOfRange(year, min, max);
    const record = await this.db
      .transaction()
      .execute(async (trx) => {
        const inserted = await this.records.insertForSession(trx, toRow(request));
        if (!inserted) return this.existingFor(trx, request);
        const created = toRecord(inserted);
        await Outbox.add(trx, educationRecordCreated, {
          ...created,
          occurredAt: created.createdAt,
        });
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'education_records_user_business_id_key')) {
          throw businessIdTaken(request.userBusinessId);
        }
        throw error;
      });
    this.relay.nudge();
    return record;
  }

  async get(id: string): Promise<EducationRecord> {
    const row = await this.records.findById(this.db, id);
    if (!row) throw recordNotFound(id);
    return toRecord(row);
  }

  async list(query: ListRecords): Promise<PaginatedResponse<EducationRecord>> {
    const { rows, total } = await this.records.list(this.db, query);
    return { data: rows.map(toRecord), meta: paginationMetadata(query.page, query.limit, total) };
  }

  private async existingFor(trx: Db, request: CreateRecord): Promise<EducationRecord> {
    const existing = await this.records.findBySession(trx, request.sessionId);
    if (!existing) throw new Error(`record of session ${request.sessionId} vanished`);
    if (!sameRecord(existing, request)) throw sessionRecordMismatch(request.sessionId, existing.id);
    return toRecord(existing);
  }
}

function toRow(request: CreateRecord) {
  const data = request.educationData;
  return {
    session_id: request.sessionId,
    user_business_id: request.userBusinessId,
    account_id: request.accountId,
    graduation_year: data.graduationYear,
    university: data.university,
    country: data.country,
    degree_type: data.degreeType,
    college: data.college ?? null,
    access_modifier: data.accessModifier,
    category: request.category,
  };
}

function sameRecord(row: RecordRow, request: CreateRecord): boolean {
  const wanted = toRow(request);
  return (Object.keys(wanted) as (keyof typeof wanted)[]).every((key) => row[key] === wanted[key]);
}
