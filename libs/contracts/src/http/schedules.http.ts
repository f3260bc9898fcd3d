import { z } from 'zod';
import { Uuid } from '../common/fields';
import { PaginationQuery } from '../common/pagination';
import { hospitalRpc } from '../directory/doctor.rpc';
import { RosterSourceUrl, scheduleRpc } from '../directory/schedule.rpc';
import { ScheduleImportStatus } from '../orchestrator/schedule-import.rpc';

/** POST /schedules/imports: the multipart form's text fields (the file is the `file` part). */
export const ScheduleImportFields = z
  .object({
    hospitalId: Uuid,
    rosterSourceUrl: RosterSourceUrl.optional(),
  })
  .strict();
export type ScheduleImportFields = z.infer<typeof ScheduleImportFields>;

/** The multipart body as documented (OpenAPI). */
export const ScheduleImportForm = ScheduleImportFields.extend({
  file: z.string().meta({ format: 'binary', description: 'the spreadsheet: .ods, .xlsx or .csv' }),
});

export const ScheduleImportAccepted = z.object({ importId: Uuid, status: ScheduleImportStatus });

export const ScheduleImportIdParams = z.object({ id: Uuid });
export type ScheduleImportIdParams = z.infer<typeof ScheduleImportIdParams>;

/** GET /schedules/imports */
export const ListScheduleImportsQuery = PaginationQuery.extend({
  hospitalId: Uuid.optional(),
}).strict();
export type ListScheduleImportsQuery = z.infer<typeof ListScheduleImportsQuery>;

export const ScheduleVersionIdParams = z.object({ id: Uuid });
export type ScheduleVersionIdParams = z.infer<typeof ScheduleVersionIdParams>;

/** GET /schedules/versions/:id: the page of shifts */
export const ScheduleVersionQuery = PaginationQuery.strict();
export type ScheduleVersionQuery = z.infer<typeof ScheduleVersionQuery>;

export const ScheduleVersionResponse = scheduleRpc.getVersion.response;

/** POST /hospitals */
export const CreateHospitalBody = hospitalRpc.create.request;
export type CreateHospitalBody = z.infer<typeof CreateHospitalBody>;

/** GET /hospitals */
export const ListHospitalsQuery = PaginationQuery.strict();
export type ListHospitalsQuery = z.infer<typeof ListHospitalsQuery>;
