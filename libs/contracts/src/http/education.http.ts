import { z } from 'zod';
import { Uuid } from '../common/fields';
import { ListEducationRecordsRequest } from '../education/record.rpc';
import {
  College,
  CollegesQuery,
  Country,
  University,
  UniversitiesQuery,
} from '../education/reference.rpc';

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

/** GET /education/reference/countries: every country, with the reference data's version */
export const CountriesReferenceResponse = z.object({ data: z.array(Country), version: z.string() });

/** GET /education/reference/universities?country= */
export const UniversitiesReferenceResponse = z.object({ data: z.array(University) });

/** GET /education/reference/colleges?country=&search= */
export const CollegesReferenceResponse = z.object({ data: z.array(College) });
