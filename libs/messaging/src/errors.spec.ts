import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@medicalink/errors';
import { RpcError, toEnvelope } from './errors';

describe('toEnvelope', () => {
  it('keeps the code, status, details and retryable flag of a DomainError', () => {
    const error = new DomainError('EMAIL_TAKEN', 'Email already used', 409, { email: 'a@b.c' });

    expect(toEnvelope(error)).toEqual({
      code: 'EMAIL_TAKEN',
      message: 'Email already used',
      status: 409,
      details: { email: 'a@b.c' },
      retryable: false,
    });
  });

  it('leaves details out when a DomainError has none', () => {
    expect(toEnvelope(new DomainError('NOPE', 'no'))).not.toHaveProperty('details');
  });

  it('passes the envelope of an RpcError through unchanged', () => {
    const envelope = { code: 'RPC_TIMEOUT', message: 'timed out', status: 504, retryable: true };

    expect(toEnvelope(new RpcError(envelope))).toEqual(envelope);
  });

  it('turns a ZodError into VALIDATION_FAILED with issues naming the field', () => {
    const parsed = z.object({ user: z.object({ email: z.email() }) }).safeParse({
      user: { email: 'not-an-email' },
    });
    if (parsed.success) throw new Error('expected a validation failure');

    const envelope = toEnvelope(parsed.error);

    expect(envelope).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, retryable: false });
    expect(envelope.message).toContain('user.email');
    expect(envelope.details).toEqual({
      issues: [{ path: 'user.email', message: expect.any(String) }],
    });
  });

  it('maps an unknown Error to an INTERNAL_ERROR that is not retried, without its stack', () => {
    const envelope = toEnvelope(new TypeError('cannot read x of undefined'));

    expect(envelope).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'cannot read x of undefined',
      status: 500,
      retryable: false,
    });
    expect(envelope.message).not.toContain(' at ');
  });

  it('does not retry what the database refuses (a NUL byte), but does retry a refused connection', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
      code: 'ECONNREFUSED',
    });

    expect(toEnvelope(nul)).toMatchObject({ status: 500, retryable: false });
    expect(toEnvelope(refused)).toEqual({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'A dependency of the service did not answer',
      status: 503,
      retryable: true,
    });
  });

  it('maps a thrown non-Error to a generic message', () => {
    expect(toEnvelope('boom')).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal error' });
  });
});
