import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import {
  AccountIdParams,
  CreateAccountBody,
  SearchDoctorsQuery,
  UpdateAccountBody,
} from '@medicalink/contracts';
import { toHttpError } from './http-error';
import { holdsNulCharacter, ZodValidationPipe } from './zod-validation.pipe';

function errorBodyOf(pipe: { transform(value: unknown): unknown }, value: unknown) {
  try {
    pipe.transform(value);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return toHttpError(error, 'op');
  }
  throw new Error('expected the pipe to throw');
}

describe('ZodValidationPipe', () => {
  it('returns the parsed value, with defaults and normalization applied', () => {
    const pipe = new ZodValidationPipe(CreateAccountBody);

    expect(
      pipe.transform({ email: ' Ann@Example.ORG ', password: 'long-enough-pw', fullName: 'Ann' }),
    ).toEqual({
      email: 'ann@example.org',
      password: 'long-enough-pw',
      fullName: 'Ann',
      privilege: 'owner',
    });
  });

  it('answers 400 "Validation failed" with one error per field', () => {
    const body = errorBodyOf(new ZodValidationPipe(CreateAccountBody), {
      email: 'nope',
      password: 'short',
      privilege: 'root',
    });

    expect(body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    expect(body.errors).toEqual([
      'email: must be an email address',
      'password: must be at least 10 characters',
      expect.stringMatching(/^fullName: /),
      expect.stringMatching(/^privilege: /),
    ]);
  });

  it('names unknown fields of a strict body, and nothing else when that is the only problem', () => {
    const body = errorBodyOf(new ZodValidationPipe(UpdateAccountBody), { password: 'x' });

    expect(body.errors).toEqual(['password: is not an accepted field']);
  });

  it('refuses an update with no fields', () => {
    const body = errorBodyOf(new ZodValidationPipe(UpdateAccountBody), {});

    expect(body.errors).toEqual(['at least one field to update is required']);
  });

  it('names id when the path id is not a UUID', () => {
    const body = errorBodyOf(new ZodValidationPipe(AccountIdParams), { id: '42' });

    expect(body.errors).toEqual(['id: must be a UUID']);
  });

  it('refuses NUL characters in any value or key with 400 naming the field', () => {
    const query = errorBodyOf(new ZodValidationPipe(SearchDoctorsQuery), { search: '\u0000' });
    const body = errorBodyOf(new ZodValidationPipe(UpdateAccountBody), {
      fullName: 'Ann\u0000',
      ['x\u0000']: 1,
    });

    expect(query.errors).toEqual(['search: must not contain NUL characters']);
    expect(body.errors).toEqual([
      'fullName: must not contain NUL characters',
      'x\\0: must not contain NUL characters',
    ]);
  });

  it('finds a NUL character at any depth, in values and keys, and nothing in clean input', () => {
    expect(holdsNulCharacter({ a: [{ b: 'x' }, 'y'], c: 1, d: null })).toBe(false);
    expect(holdsNulCharacter({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(holdsNulCharacter({ a: { ['k\u0000']: 1 } })).toBe(true);
    expect(holdsNulCharacter('\u0000')).toBe(true);
  });

  it('refuses a date out of range with 400 naming the field', () => {
    const body = errorBodyOf(new ZodValidationPipe(UpdateAccountBody), { dob: '0000-01-01' });

    expect(body.errors).toEqual(['dob: must be a date between 1000-01-01 and 9999-12-31']);
  });
});
