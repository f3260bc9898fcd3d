import { z } from 'zod';
import { defineRpc } from '../common/define';
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

export const UniversitiesQuery = z.object({ country: CountryCode }).strict();
export const CollegesQuery = z
  .object({
    country: CountryCode,
    /** fuzzy: case- and accent-insensitive, tolerant of misspellings (trigram similarity) */
    search: z.string().trim().max(200).optional(),
  })
  .strict();

export const referenceRpc = {
  countries: defineRpc('education.reference.countries', {
    request: z.object({}).strict(),
    response: z.object({ version: z.string(), countries: z.array(Country) }),
  }),
  universities: defineRpc('education.reference.universities', {
    request: UniversitiesQuery,
    response: z.object({ universities: z.array(University) }),
  }),
  colleges: defineRpc('education.reference.colleges', {
    request: CollegesQuery,
    response: z.object({ colleges: z.array(College) }),
  }),
};
