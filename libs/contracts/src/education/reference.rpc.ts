import { z } from 'zod';
import { defineRpc } from '../common/define';
import { PaginatedResponse, PaginationQuery } from '../common/pagination';
import { CountryCode } from './education.fields';

export const Country = z.object({ code: z.string(), name: z.string() });
export type Country = z.infer<typeof Country>;

export const University = z.object({ id: z.string(), name: z.string(), country: z.string() });
export type University = z.infer<typeof University>;

export const College = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  universityId: z.string().optional(),
});
export type College = z.infer<typeof College>;

/** Every reference list is paginated like every other list (`page`, `limit`). */
export const CountriesQuery = PaginationQuery.strict();
export const UniversitiesQuery = PaginationQuery.extend({ country: CountryCode }).strict();
export const CollegesQuery = PaginationQuery.extend({
  country: CountryCode,
  /** fuzzy: case- and accent-insensitive, tolerant of misspellings (trigram similarity) */
  search: z.string().trim().max(200).optional(),
}).strict();

export const referenceRpc = {
  countries: defineRpc('education.reference.countries', {
    request: CountriesQuery,
    /** `version`: the reference data set the list comes from */
    response: PaginatedResponse(Country).extend({ version: z.string() }),
  }),
  universities: defineRpc('education.reference.universities', {
    request: UniversitiesQuery,
    response: PaginatedResponse(University),
  }),
  /** with `search`: the best matches first; without: by name */
  colleges: defineRpc('education.reference.colleges', {
    request: CollegesQuery,
    response: PaginatedResponse(College),
  }),
};
