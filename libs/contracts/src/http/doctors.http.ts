import { z } from 'zod';
import { IdList, Uuid } from '../common/fields';
import { CacheMetadata, PaginatedResponse, PaginationQuery } from '../common/pagination';
import { DoctorComposite } from '../orchestrator/doctor-composite.rpc';
import { UpdateDoctorFields } from '../directory/doctor.rpc';
import { CreateDoctorCommand } from '../orchestrator/doctor-saga.rpc';

/** POST /doctors: runs the doctor-creation saga. */
export const CreateDoctorBody = CreateDoctorCommand;
export type CreateDoctorBody = z.infer<typeof CreateDoctorBody>;

export const CreateDoctorResponse = z.object({ sagaId: Uuid, accountId: Uuid, doctorId: Uuid });

/** `?ids=a,b,c`: a comma-separated list of doctor ids (at most 100). */
const CommaSeparatedIds = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean)
      : value,
  IdList.min(1, 'at least one id'),
);

/** GET /doctors: a search, or with `ids` those doctors (the other filters and paging ignored) */
export const SearchDoctorsQuery = PaginationQuery.extend({
  search: z.string().trim().max(100).optional(),
  specialty: z.string().trim().max(100).optional(),
  /** lists show active doctors; admin and main may ask for `inactive` or `all` */
  status: z
    .enum(['active', 'inactive', 'all'], { message: 'must be active, inactive or all' })
    .default('active'),
  ids: CommaSeparatedIds.optional(),
}).strict();
export type SearchDoctorsQuery = z.infer<typeof SearchDoctorsQuery>;

/** PATCH /doctors/:id */
export const UpdateDoctorBody = UpdateDoctorFields;
export type UpdateDoctorBody = z.infer<typeof UpdateDoctorBody>;

export const DoctorIdParams = z.object({ id: Uuid });
export type DoctorIdParams = z.infer<typeof DoctorIdParams>;

export const SagaIdParams = z.object({ id: Uuid });
export type SagaIdParams = z.infer<typeof SagaIdParams>;

/** GET /doctors/:id: the composite doctor, and how the cache served it */
export const DoctorReadResponse = z.object({ data: DoctorComposite, cache: CacheMetadata });

/** GET /doctors: one page of composite doctors (or those `ids` asked for) */
export const DoctorsPageResponse = PaginatedResponse(DoctorComposite).extend({
  cache: CacheMetadata,
});

/** PATCH /doctors/:id */
export const UpdateDoctorResponse = z.object({ data: DoctorComposite });
