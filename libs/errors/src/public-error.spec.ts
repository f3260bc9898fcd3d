import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGE, publicError, UNAVAILABLE_MESSAGE } from './public-error';

describe('publicError', () => {
  it('keeps a refusal (4xx) whole', () => {
    const refusal = {
      code: 'EDUCATION_ACCOUNT_NOT_OWN',
      message: 'Owners may only link their own account',
      status: 403,
      details: { field: 'accountId' },
      retryable: false,
    };
    expect(publicError(refusal)).toEqual(refusal);
  });

  it('hides the text and details of an unexpected failure, keeping code, status and context', () => {
    const masked = publicError({
      code: 'INTERNAL_ERROR',
      message: 'relation "education_records" does not exist',
      status: 500,
      details: { table: 'education_records' },
      context: { session: { id: 's1' } },
      retryable: false,
    });
    expect(masked).toEqual({
      code: 'INTERNAL_ERROR',
      message: INTERNAL_ERROR_MESSAGE,
      status: 500,
      context: { session: { id: 's1' } },
      retryable: false,
    });
  });

  it('says "unavailable" for a 503, without its cause', () => {
    const masked = publicError({
      code: 'SESSION_STORE_UNAVAILABLE',
      message: 'connect ECONNREFUSED 10.0.0.7:6379',
      status: 503,
      details: { cause: 'connect ECONNREFUSED 10.0.0.7:6379' },
      retryable: true,
    });
    expect(masked).toMatchObject({ message: UNAVAILABLE_MESSAGE, retryable: true });
    expect(JSON.stringify(masked)).not.toContain('10.0.0.7');
  });
});
