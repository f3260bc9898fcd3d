import { Inject, Injectable } from '@nestjs/common';
import {
  doctorProfileCreated,
  doctorProfileDeleted,
  doctorProfileUpdated,
  paginationMetadata,
  type Doctor,
  type PaginatedResponse,
  type RpcRequestParsed,
  type doctorRpc,
} from '@medicalink/contracts';
import {
  isUniqueViolation,
  lockId,
  Outbox,
  retireId,
  OutboxEvents,
  OutboxRelay,
  runIdempotent,
  type Kysely,
  type Updateable,
} from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase, DoctorsTable } from '../database/directory.schema';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import {
  accountTaken,
  doctorNotFound,
  idRetired,
  idTaken,
  licenseTaken,
  unknownHospitals,
} from './doctors.errors';
import {
  DoctorsRepository,
  toDoctor,
  type DoctorRow,
  type DoctorSearch,
} from './doctors.repository';

type CreateDoctor = RpcRequestParsed<typeof doctorRpc.create>;
type UpdateFields = RpcRequestParsed<typeof doctorRpc.update>['fields'];
type Db = Kysely<DirectoryDatabase>;

@Injectable()
export class DoctorsService {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly doctors: DoctorsRepository,
    private readonly hospitals: HospitalsRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async create(request: CreateDoctor, idempotencyKey?: string): Promise<Doctor> {
    const work = async (trx: Db, events: OutboxEvents) => {
      await this.requireHospitals(trx, request.hospitalIds);
      const row = await this.insertDoctor(trx, request);
      events.add(doctorProfileCreated, snapshot(row));
      return toDoctor(row);
    };
    const doctor = await runIdempotent(
      this.db,
      {
        command: 'doctor.create',
        key: idempotencyKey,
        request,
        ...(request.id ? { createsId: { id: request.id, retired: idRetired } } : {}),
      },
      work,
    );
    this.relay.nudge();
    return doctor;
  }

  async get(id: string): Promise<Doctor> {
    const row = await this.doctors.findById(this.db, id);
    if (!row) throw doctorNotFound(id);
    return toDoctor(row);
  }

  async getMany(ids: readonly string[]): Promise<Doctor[]> {
    return (await this.doctors.findByIds(this.db, [...new Set(ids)])).map(toDoctor);
  }

  async search(query: DoctorSearch): Promise<PaginatedResponse<Doctor>> {
    const { rows, total } = await this.doctors.search(this.db, query);
    return { data: rows.map(toDoctor), meta: paginationMetadata(query.page, query.limit, total) };
  }

  async update(id: string, fields: UpdateFields): Promise<Doctor> {
    const doctor = await this.db.transaction().execute(async (trx) => {
      const current = await this.doctors.findByIdForUpdate(trx, id);
      if (!current) throw doctorNotFound(id);
      if (fields.hospitalIds) await this.requireHospitals(trx, fields.hospitalIds);
      const { values, changed } = changes(current, fields);
      if (changed.length === 0) return toDoctor(current);
      const row = await this.doctors.update(trx, id, values);
      await Outbox.add(trx, doctorProfileUpdated, { ...snapshot(row), changed });
      return toDoctor(row);
    });
    this.relay.nudge();
    return doctor;
  }

  /** Idempotent: deleting a profile that is already gone succeeds (saga compensation). */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      await lockId(trx, id);
      await retireId(trx, id);
      const row = await this.doctors.delete(trx, id);
      if (!row) return false;
      await Outbox.add(trx, doctorProfileDeleted, {
        doctorId: row.id,
        accountId: row.account_id,
        occurredAt: new Date().toISOString(),
      });
      return true;
    });
    if (deleted) this.relay.nudge();
    return deleted;
  }

  /**
   * Takes over an account's new name (unless a name as of a later time was applied already)
   * and announces the changed profile. Resolves whether a profile changed.
   */
  async renameAccount(accountId: string, displayName: string, asOf: Date): Promise<boolean> {
    const renamed = await this.db
      .transaction()
      .execute((trx) => this.applyAccountName(trx, accountId, displayName, asOf));
    if (renamed) this.relay.nudge();
    return renamed;
  }

  /** renameAccount inside the caller's transaction (which then nudges the relay). */
  async applyAccountName(
    trx: Db,
    accountId: string,
    displayName: string,
    asOf: Date,
  ): Promise<boolean> {
    const row = await this.doctors.renameByAccount(trx, accountId, displayName, asOf);
    if (!row) return false;
    await Outbox.add(trx, doctorProfileUpdated, { ...snapshot(row), changed: ['displayName'] });
    return true;
  }

  private async requireHospitals(db: Db, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const known = await this.hospitals.existing(db, ids);
    const unknown = [...new Set(ids)].filter((id) => !known.has(id));
    if (unknown.length > 0) throw unknownHospitals(unknown);
  }

  private async insertDoctor(trx: Db, request: CreateDoctor): Promise<DoctorRow> {
    try {
      return await this.doctors.insert(trx, {
        ...(request.id ? { id: request.id } : {}),
        account_id: request.accountId,
        display_name: request.displayName,
        specialty: request.specialty,
        license_number: request.licenseNumber,
        bio: request.bio ?? null,
        hospital_ids: [...new Set(request.hospitalIds)],
      });
    } catch (error) {
      if (isUniqueViolation(error, 'doctors_license_number_key')) throw licenseTaken();
      if (isUniqueViolation(error, 'doctors_account_id_key')) throw accountTaken();
      if (isUniqueViolation(error, 'doctors_pkey')) throw idTaken();
      throw error;
    }
  }
}

export function snapshot(row: DoctorRow) {
  return {
    doctorId: row.id,
    accountId: row.account_id,
    displayName: row.display_name,
    specialty: row.specialty,
    licenseNumber: row.license_number,
    isActive: row.is_active,
    occurredAt: row.updated_at.toISOString(),
  };
}

function changes(current: DoctorRow, fields: UpdateFields) {
  const values: Updateable<DoctorsTable> = {};
  const changed: string[] = [];
  if (fields.specialty !== undefined && fields.specialty !== current.specialty) {
    values.specialty = fields.specialty;
    changed.push('specialty');
  }
  if (fields.bio !== undefined && fields.bio !== current.bio) {
    values.bio = fields.bio;
    changed.push('bio');
  }
  if (fields.hospitalIds !== undefined) {
    const next = [...new Set(fields.hospitalIds)];
    if (next.join() !== current.hospital_ids.join()) {
      values.hospital_ids = next;
      changed.push('hospitalIds');
    }
  }
  if (fields.isActive !== undefined && fields.isActive !== current.is_active) {
    values.is_active = fields.isActive;
    changed.push('isActive');
  }
  return { values, changed };
}
