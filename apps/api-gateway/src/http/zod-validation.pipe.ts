import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { zodErrors } from './http-error';

/**
 * Validates (and normalizes) a body, params, query or headers object with a
 * zod contract: `@Body(new ZodValidationPipe(CreateAccountBody))`. A failure is
 * a 400 with one `errors` entry per problem, each naming its field, under `message`
 * (default "Validation failed"). A NUL character anywhere (a value or a key) is refused
 * first: no service stores one (PostgreSQL text cannot hold it).
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    /** public: the OpenAPI document is built from it (openapi-routes.ts) */
    readonly schema: S,
    private readonly message = 'Validation failed',
  ) {}

  transform(value: unknown): z.output<S> {
    if (holdsNulCharacter(value)) {
      throw new BadRequestException({
        message: 'Validation failed',
        errors: nulCharacterPaths(value).map(
          (path) => `${path || '(value)'}: must not contain NUL characters`,
        ),
      });
    }
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new BadRequestException({
        message: this.message,
        errors: zodErrors(result.error),
      });
    }
    return result.data;
  }
}

/** Whether any string or key holds U+0000: the check every request pays, allocating nothing. */
export function holdsNulCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000')) return true;
    if (holdsNulCharacter((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** The paths (a.b.0) of every string, and every key, holding U+0000 (to name them in a 400). */
export function nulCharacterPaths(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (value === null || typeof value !== 'object' || depth > 32) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path
      ? `${path}.${key.replaceAll('\u0000', '\\0')}`
      : key.replaceAll('\u0000', '\\0');
    return [...(key.includes('\u0000') ? [at] : []), ...nulCharacterPaths(item, at, depth + 1)];
  });
}
