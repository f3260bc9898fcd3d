import { z } from 'zod';
import { Uuid } from '../common/fields';
import { PaginationQuery } from '../common/pagination';
import { ListEducationRecordsRequest } from '../education/record.rpc';
import { CollegesQuery, CountriesQuery, UniversitiesQuery } from '../education/reference.rpc';

/** GET /education/records/:id */
export const EducationRecordIdParams = z.object({ id: Uuid });
export type EducationRecordIdParams = z.infer<typeof EducationRecordIdParams>;

/** GET /education/records?userBusinessId=&page=&limit= (the RPC's query, less its accountId) */
export const ListEducationRecordsQuery = ListEducationRecordsRequest.omit({ accountId: true });
export type ListEducationRecordsQuery = z.infer<typeof ListEducationRecordsQuery>;

/** GET /education/reference/countries?page=&limit= */
export const CountriesReferenceQuery = CountriesQuery;
export type CountriesReferenceQuery = z.infer<typeof CountriesReferenceQuery>;

/** GET /education/reference/universities?country=&page=&limit= */
export const UniversitiesReferenceQuery = UniversitiesQuery;
export type UniversitiesReferenceQuery = z.infer<typeof UniversitiesReferenceQuery>;

/** GET /education/reference/colleges?country=&search=&page=&limit= */
export const CollegesReferenceQuery = CollegesQuery;
export type CollegesReferenceQuery = z.infer<typeof CollegesReferenceQuery>;

/** GET /education/registrations/:id/audit?page=&limit= (oldest first) */
export const RegistrationAuditQuery = PaginationQuery.strict();
export type RegistrationAuditQuery = z.infer<typeof RegistrationAuditQuery>;
