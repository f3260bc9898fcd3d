import { z } from 'zod';
import { Account, AccountActor, UpdateAccountFields } from '../accounts/account.rpc';
import { defineRpc } from '../common/define';
import { DateOnly, IdList, Timestamp, Uuid } from '../common/fields';
import { CacheMetadata, PaginationMetadata } from '../common/pagination';
import { SearchDoctorsRequest, UpdateDoctorFields } from '../directory/doctor.rpc';

/** A doctor as readers see it: the directory profile joined with its account. */
export const DoctorComposite = z.object({
  id: Uuid,
  accountId: Uuid,
  fullName: z.string(),
  /** null when the account no longer exists */
  email: z.string().nullable(),
  dob: DateOnly.nullable(),
  phone: z.string().nullable(),
  specialty: z.string(),
  licenseNumber: z.string(),
  bio: z.string().nullable(),
  hospitalIds: z.array(Uuid),
  isActive: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type DoctorComposite = z.infer<typeof DoctorComposite>;

export const doctorCompositeRpc = {
  getComposite: defineRpc('orchestrator.doctor.getComposite', {
    request: z.object({ id: Uuid, bypassCache: z.boolean().default(false) }).strict(),
    response: z.object({ data: DoctorComposite, cache: CacheMetadata }),
  }),
  searchComposite: defineRpc('orchestrator.doctor.searchComposite', {
    request: SearchDoctorsRequest.extend({ bypassCache: z.boolean().default(false) }).strict(),
    response: z.object({
      data: z.array(DoctorComposite),
      meta: PaginationMetadata,
      cache: CacheMetadata,
    }),
  }),
  /** the doctors with these ids, in the order asked, unknown ids left out (GET /doctors?ids=) */
  getManyComposite: defineRpc('orchestrator.doctor.getManyComposite', {
    request: z
      .object({ ids: IdList.min(1, 'at least one id'), bypassCache: z.boolean().default(false) })
      .strict(),
    response: z.object({ data: z.array(DoctorComposite), cache: CacheMetadata }),
  }),
  /** writes routed through the orchestrator, which drops cached reads once the owner has committed */
  updateDoctor: defineRpc('orchestrator.doctor.update', {
    request: z.object({ id: Uuid, fields: UpdateDoctorFields }).strict(),
    response: z.object({ data: DoctorComposite }),
  }),
  updateAccount: defineRpc('orchestrator.account.update', {
    request: z.object({ id: Uuid, fields: UpdateAccountFields, actor: AccountActor }).strict(),
    response: Account,
  }),
};
