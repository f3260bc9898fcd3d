import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { PaginatedResponse, PaginationQuery } from '../common/pagination';
import {
  AccessModifier,
  BusinessId,
  DegreeType,
  EducationCategory,
  EducationData,
} from './education.fields';

export const EducationRecord = z.object({
  id: Uuid,
  sessionId: z.string(),
  userBusinessId: z.string(),
  accountId: Uuid,
  graduationYear: z.number().int(),
  university: z.string(),
  country: z.string(),
  degreeType: DegreeType,
  college: z.string().nullable(),
  accessModifier: AccessModifier,
  category: EducationCategory,
  createdAt: Timestamp,
});
export type EducationRecord = z.infer<typeof EducationRecord>;

export const CreateEducationRecordRequest = z
  .object({
    /** the registration session: one record per session, a repeated create returns it */
    sessionId: z.string().trim().min(1).max(100),
    userBusinessId: BusinessId,
    accountId: Uuid,
    educationData: EducationData,
    category: EducationCategory,
  })
  .strict();

export const ListEducationRecordsRequest = PaginationQuery.extend({
  userBusinessId: BusinessId.optional(),
  /** only this account's records (the gateway sets it for owners) */
  accountId: Uuid.optional(),
}).strict();

export const recordRpc = {
  create: defineRpc('education.record.create', {
    request: CreateEducationRecordRequest,
    response: EducationRecord,
  }),
  get: defineRpc('education.record.get', {
    request: z.object({ id: Uuid }).strict(),
    response: EducationRecord,
  }),
  list: defineRpc('education.record.list', {
    request: ListEducationRecordsRequest,
    response: PaginatedResponse(EducationRecord),
  }),
};

export const EducationErrorCode = {
  RecordNotFound: 'EDUCATION_RECORD_NOT_FOUND',
  BusinessIdTaken: 'EDUCATION_BUSINESS_ID_TAKEN',
  SessionRecordMismatch: 'EDUCATION_SESSION_RECORD_MISMATCH',
  InvalidRecord: 'EDUCATION_INVALID_RECORD',
} as const;
