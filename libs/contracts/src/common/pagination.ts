import { z } from 'zod';

/** A query parameter given empty (`?page=`) counts as not given. */
const emptyAsMissing = (value: unknown) => (value === '' ? undefined : value);

/** An optional query filter: given empty (`?state=`), it counts as not given. */
export const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess(emptyAsMissing, schema.optional());

export const PaginationQuery = z.object({
  page: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).default(1)),
  limit: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(100).default(20)),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

export const PaginationMetadata = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  total: z.number().int().min(0),
  totalPages: z.number().int().min(0),
  hasNext: z.boolean(),
  hasPrev: z.boolean(),
});
export type PaginationMetadata = z.infer<typeof PaginationMetadata>;

export const PaginatedResponse = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), meta: PaginationMetadata });
export type PaginatedResponse<T> = { data: T[]; meta: PaginationMetadata };

export function paginationMetadata(page: number, limit: number, total: number): PaginationMetadata {
  const totalPages = Math.ceil(total / limit);
  return { page, limit, total, totalPages, hasNext: page < totalPages, hasPrev: page > 1 };
}

export const CacheMetadata = z.object({
  hit: z.boolean(),
  ttl: z.number().int().min(0),
  degraded: z.boolean().optional(),
});
export type CacheMetadata = z.infer<typeof CacheMetadata>;
