import { z } from 'zod';

/** Field schemas shared by several contracts, so one rule has one definition. */
export const Uuid = z.uuid({ message: 'must be a UUID' });
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));
export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters');
export const FullName = z.string().trim().min(1, 'must not be empty').max(200);
/** Years every store and runtime handles alike (PostgreSQL has no year 0; JS dates end at 275760). */
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const inYearRange = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return true; // the format check reports it
  const year = Number(text.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR && !Number.isNaN(Date.parse(text));
};

export const DateOnly = z.iso
  .date({ message: 'must be a date YYYY-MM-DD' })
  .refine(inYearRange, `must be a date between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`);
export const Timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 timestamp' })
  .refine(inYearRange, `must be a timestamp in the years ${MIN_YEAR} to ${MAX_YEAR}`);
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number (digits, spaces, + ( ) -)');
export const IdList = z.array(Uuid).max(100, 'at most 100 ids');
/** The business id a person is known by across MedicaLink (an account's, an education record's). */
export const BusinessId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 characters of A-Z, a-z, 0-9, ., _ and -');
