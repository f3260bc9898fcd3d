import type { OperationFailure } from '@medicalink/sdk';

/**
 * The gateway's 400 on a staging body, per form field: `educationData.college: …` belongs to
 * the College field, `options.expirationHours: …` to its own. What names no field stays in
 * `other`.
 */
export function registrationErrorsOf(failure: OperationFailure | undefined): {
  fields: Record<string, string>;
  other: string[];
} {
  const result = { fields: {} as Record<string, string>, other: [] as string[] };
  if (!failure) return result;
  const errors = failure.details?.['errors'];
  if (!Array.isArray(errors) || errors.length === 0) {
    result.other.push(failure.error);
    return result;
  }
  for (const entry of errors) {
    const text = String(entry);
    const match = /^(?:educationData\.|options\.)?(\w+): (.+)$/.exec(text);
    if (match) result.fields[match[1]!] = match[2]!;
    else result.other.push(text);
  }
  return result;
}
