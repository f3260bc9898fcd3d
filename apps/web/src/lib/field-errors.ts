import type { OperationFailure } from '@medicalink/sdk';

export interface FieldErrors {
  /** per field the gateway named, its message(s) */
  fields: Record<string, string>;
  /** what names no field of the form */
  other: string[];
}

/**
 * The gateway's refusal mapped onto a form: a 400 lists `field: message` in `errors` (nested
 * paths name their top-level field), a 409 names its field in `details.field`. Messages for
 * fields the form does not have stay in `other`, so nothing is swallowed.
 */
export function fieldErrorsOf(
  failure: OperationFailure | null | undefined,
  formFields: readonly string[],
): FieldErrors {
  const result: FieldErrors = { fields: {}, other: [] };
  if (!failure) return result;
  const add = (field: string, message: string) => {
    result.fields[field] = result.fields[field] ? `${result.fields[field]}; ${message}` : message;
  };
  const errors = failure.details?.['errors'];
  if (Array.isArray(errors) && errors.length > 0) {
    for (const entry of errors) {
      const text = String(entry);
      const match = /^([A-Za-z_][\w]*)(?:\.[\w.]+)?: (.+)$/.exec(text);
      if (match && formFields.includes(match[1]!)) add(match[1]!, match[2]!);
      else result.other.push(text);
    }
    return result;
  }
  const field = failure.details?.['field'];
  if (typeof field === 'string' && formFields.includes(field)) add(field, failure.error);
  else result.other.push(failure.error);
  return result;
}
