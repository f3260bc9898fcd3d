import { z } from 'zod';
import { Uuid } from '../common/fields';
import { ListEducationRecordsRequest } from '../education/record.rpc';
import { CollegesQuery, UniversitiesQuery } from '../education/reference.rpc';

/** GET /education/records/:id */
export const EducationRecordIdParams = z.object({ id: Uuid });
export type EducationRecordIdParams = z.infer<typeof EducationRecordIdParams>;

/** GET /education/records?userBusinessId=&page=&limit= (the RPC's query, less its accountId) */
export const ListEducationRecordsQuery = ListEducationRecordsRequest.omit({ accountId: true });
export type ListEducationRecordsQuery = z.infer<typeof ListEducationRecordsQuery>;

/** GET /education/reference/universities?country= */
export const UniversitiesReferenceQuery = UniversitiesQuery;
export type UniversitiesReferenceQuery = z.infer<typeof UniversitiesReferenceQuery>;

/** GET /education/reference/colleges?country=&search= */
export const CollegesReferenceQuery = CollegesQuery;
export type CollegesReferenceQuery = z.infer<typeof CollegesReferenceQuery>;
