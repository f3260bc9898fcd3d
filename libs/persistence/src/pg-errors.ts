/** The fields of a `pg` DatabaseError this library looks at. */
interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
}

function pgError(error: unknown): PgErrorFields | undefined {
  return typeof error === 'object' && error !== null ? error : undefined;
}

export function hasPgCode(error: unknown, code: string): boolean {
  return pgError(error)?.code === code;
}

/** 23505 unique_violation, optionally on one named constraint or unique index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!hasPgCode(error, '23505')) return false;
  return constraint === undefined || pgError(error)?.constraint === constraint;
}

/** 22P02 invalid_text_representation: a malformed uuid, number or enum value in a parameter. */
export function isInvalidTextRepresentation(error: unknown): boolean {
  return hasPgCode(error, '22P02');
}

/** 23503 foreign_key_violation, optionally on one named constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  if (!hasPgCode(error, '23503')) return false;
  return constraint === undefined || pgError(error)?.constraint === constraint;
}
