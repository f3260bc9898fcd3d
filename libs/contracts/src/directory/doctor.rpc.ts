import { z } from 'zod';
import { defineRpc } from '../common/define';
import { IdList, Timestamp, Uuid } from '../common/fields';
import { PaginatedResponse, PaginationQuery } from '../common/pagination';
import { RosterSourceUrl } from './schedule.rpc';

export const LicenseNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,40}$/, 'must be 3 to 40 characters of A-Z, 0-9 and -');
export const Specialty = z.string().trim().min(2, 'must be at least 2 characters').max(100);

export const Doctor = z.object({
  id: Uuid,
  accountId: Uuid,
  displayName: z.string(),
  specialty: z.string(),
  licenseNumber: z.string(),
  bio: z.string().nullable(),
  hospitalIds: z.array(Uuid),
  isActive: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Doctor = z.infer<typeof Doctor>;

export const CreateDoctorRequest = z
  .object({
    /** chosen by the caller when it must know the id before the reply (saga compensation) */
    id: Uuid.optional(),
    accountId: Uuid,
    displayName: z.string().trim().min(1).max(200),
    specialty: Specialty,
    licenseNumber: LicenseNumber,
    bio: z.string().trim().max(4_000).optional(),
    hospitalIds: z.array(Uuid).max(50).default([]),
  })
  .strict();

export const UpdateDoctorFields = z
  .object({
    specialty: Specialty.optional(),
    bio: z.string().trim().max(4_000).nullable().optional(),
    hospitalIds: z.array(Uuid).max(50).optional(),
    isActive: z.boolean().optional(),
  })
  .strict()
  .refine((fields) => Object.values(fields).some((value) => value !== undefined), {
    message: 'at least one field to update is required',
  });

export const SearchDoctorsRequest = PaginationQuery.extend({
  search: z.string().trim().max(100).optional(),
  specialty: z.string().trim().max(100).optional(),
  /** only active (true) or only inactive (false) profiles; all when absent */
  isActive: z.boolean().optional(),
}).strict();

export const doctorRpc = {
  create: defineRpc('directory.doctor.create', { request: CreateDoctorRequest, response: Doctor }),
  get: defineRpc('directory.doctor.get', {
    request: z.object({ id: Uuid }).strict(),
    response: Doctor,
  }),
  getMany: defineRpc('directory.doctor.getMany', {
    request: z.object({ ids: IdList }).strict(),
    response: z.object({ doctors: z.array(Doctor) }),
  }),
  search: defineRpc('directory.doctor.search', {
    request: SearchDoctorsRequest,
    response: PaginatedResponse(Doctor),
  }),
  update: defineRpc('directory.doctor.update', {
    request: z.object({ id: Uuid, fields: UpdateDoctorFields }).strict(),
    response: Doctor,
  }),
  delete: defineRpc('directory.doctor.delete', {
    request: z.object({ id: Uuid }).strict(),
    response: z.object({ deleted: z.boolean() }),
  }),
  /**
   * Takes over an account's new name as the display name of its doctor profile (the copy a
   * name search matches), unless a name as of a later time was applied already. The
   * staff.account.updated event does the same; this lets a writer apply it before replying.
   */
  renameAccount: defineRpc('directory.doctor.renameAccount', {
    request: z
      .object({ accountId: Uuid, displayName: z.string().trim().min(1).max(200), asOf: Timestamp })
      .strict(),
    response: z.object({ renamed: z.boolean() }),
  }),
};

export const Hospital = z.object({
  id: Uuid,
  name: z.string(),
  city: z.string().nullable(),
  /** where the schedule import's phase 2 fetches this hospital's roster (JSON or CSV) */
  rosterSourceUrl: z.string().nullable(),
  createdAt: Timestamp,
});
export type Hospital = z.infer<typeof Hospital>;

export const hospitalRpc = {
  create: defineRpc('directory.hospital.create', {
    request: z
      .object({
        name: z.string().trim().min(2).max(200),
        city: z.string().trim().max(100).optional(),
        rosterSourceUrl: RosterSourceUrl.optional(),
      })
      .strict(),
    response: Hospital,
  }),
  get: defineRpc('directory.hospital.get', {
    request: z.object({ id: Uuid }).strict(),
    response: Hospital,
  }),
  /** GET /hospitals: by name */
  page: defineRpc('directory.hospital.page', {
    request: PaginationQuery.strict(),
    response: PaginatedResponse(Hospital),
  }),
  list: defineRpc('directory.hospital.list', {
    request: z.object({}).strict(),
    response: z.object({ hospitals: z.array(Hospital) }),
  }),
};

export const DirectoryErrorCode = {
  LicenseTaken: 'DOCTOR_LICENSE_TAKEN',
  AccountTaken: 'DOCTOR_ACCOUNT_TAKEN',
  NotFound: 'DOCTOR_NOT_FOUND',
  UnknownHospital: 'UNKNOWN_HOSPITAL',
  HospitalNameTaken: 'HOSPITAL_NAME_TAKEN',
  HospitalNotFound: 'HOSPITAL_NOT_FOUND',
} as const;
