import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGES, maskInternalError } from './internal-errors';

describe('maskInternalError', () => {
  it('leaves a refusal (4xx) as it is, details included', () => {
    const refusal = {
      code: 'ACCOUNT_EMAIL_TAKEN',
      message: 'Email already used',
      status: 409,
      details: { field: 'email' },
      retryable: false,
    };
    expect(maskInternalError(refusal)).toBe(refusal);
  });

  it("replaces a 5xx's message by a generic one and drops its details, keeping the rest", () => {
    const internal = {
      code: 'INTERNAL_ERROR',
      message: 'relation "schedule_versions" does not exist',
      status: 500,
      details: { query: 'INSERT INTO schedule_versions ...' },
      context: { saga: { sagaId: 's-1' } },
      retryable: false,
    };
    expect(maskInternalError(internal)).toEqual({
      code: 'INTERNAL_ERROR',
      message: INTERNAL_ERROR_MESSAGES.default,
      status: 500,
      context: { saga: { sagaId: 's-1' } },
      retryable: false,
    });
  });

  it('says unavailable, timed out or bad reply for 503, 504 and 502, whatever the original said', () => {
    const masked = [503, 504, 502].map(
      (status) =>
        maskInternalError({ code: 'X', message: 'connect ECONNREFUSED 10.0.0.7:5432', status })
          .message,
    );
    expect(masked).toEqual([
      INTERNAL_ERROR_MESSAGES[503],
      INTERNAL_ERROR_MESSAGES[504],
      INTERNAL_ERROR_MESSAGES[502],
    ]);
  });

  it('changes nothing the second time', () => {
    const once = maskInternalError({ code: 'INTERNAL_ERROR', message: 'boom', status: 500 });
    expect(maskInternalError(once)).toEqual(once);
  });
});
