import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@medicalink/errors';
import { rpcError, validationEnvelope, RpcError } from '@medicalink/messaging';
import { toHttpError } from './http-error';

const OP = 'op-1';

describe('toHttpError', () => {
  it('maps a DomainError the gateway raises itself like a service refusal, not a 500', () => {
    const error = new DomainError(
      'DEAD_LETTER_PAGE_TOO_DEEP',
      'page * limit must be at most 10000',
      400,
    );

    expect(toHttpError(error, OP)).toEqual({
      statusCode: 400,
      message: 'page * limit must be at most 10000',
      details: { code: 'DEAD_LETTER_PAGE_TOO_DEEP' },
      operationId: OP,
    });
  });

  describe('HttpException', () => {
    it('uses a string response as the message', () => {
      expect(toHttpError(new HttpException('Slow down', 429), OP)).toEqual({
        statusCode: 429,
        message: 'Slow down',
        operationId: OP,
      });
    });

    it('uses the message and details of an object response', () => {
      const error = new HttpException({ message: 'Gone fishing', details: { retryIn: 5 } }, 409);

      expect(toHttpError(error, OP)).toEqual({
        statusCode: 409,
        message: 'Gone fishing',
        details: { retryIn: 5 },
        operationId: OP,
      });
    });

    it('turns an array message into "Validation failed" with errors', () => {
      const error = new BadRequestException(['email must be an email', 'name is required']);

      expect(toHttpError(error, OP)).toEqual({
        statusCode: 400,
        message: 'Validation failed',
        errors: ['email must be an email', 'name is required'],
        operationId: OP,
      });
    });

    it('keeps the status of built-in exceptions', () => {
      expect(toHttpError(new NotFoundException('No such doctor'), OP)).toMatchObject({
        statusCode: 404,
        message: 'No such doctor',
      });
    });
  });

  describe('RpcError', () => {
    it('maps VALIDATION_FAILED to 400 with errors naming the fields', () => {
      const parsed = z.object({ email: z.email(), age: z.number() }).safeParse({ email: 'x' });
      if (parsed.success) throw new Error('expected a validation failure');

      const body = toHttpError(new RpcError(validationEnvelope(parsed.error)), OP);

      expect(body.statusCode).toBe(400);
      expect(body.errors).toEqual([
        expect.stringMatching(/^email: /),
        expect.stringMatching(/^age: /),
      ]);
      expect(body).not.toHaveProperty('details');
    });

    it('keeps the saga of a saga that failed on invalid input', () => {
      const parsed = z.object({ email: z.email() }).safeParse({ email: 'x' });
      if (parsed.success) throw new Error('expected a validation failure');
      const saga = { sagaId: 'saga-1', step: 'createAccount', state: 'compensated' };
      const envelope = validationEnvelope(parsed.error);

      const body = toHttpError(new RpcError({ ...envelope, context: { saga } }), OP);

      expect(body).toMatchObject({
        statusCode: 400,
        errors: [expect.stringMatching(/^email: /)],
        details: { code: 'VALIDATION_FAILED', saga },
      });
      expect(body.details).not.toHaveProperty('issues');
    });

    it('gives a 400 that names one field an errors entry for it', () => {
      const error = rpcError('UNKNOWN_HOSPITAL', 'Unknown hospital ids: h-9', 400, false, {
        field: 'hospitalIds',
        unknown: ['h-9'],
      });

      expect(toHttpError(error, OP)).toMatchObject({
        statusCode: 400,
        errors: ['hospitalIds: Unknown hospital ids: h-9'],
        details: { code: 'UNKNOWN_HOSPITAL', field: 'hospitalIds', unknown: ['h-9'] },
      });
    });

    it('keeps the status, message and domain code of a business error', () => {
      const error = rpcError('EMAIL_TAKEN', 'Email already used', 409, false, { field: 'email' });

      expect(toHttpError(error, OP)).toEqual({
        statusCode: 409,
        message: 'Email already used',
        details: { code: 'EMAIL_TAKEN', field: 'email' },
        operationId: OP,
      });
    });

    it.each([
      ['SERVICE_UNAVAILABLE', 503],
      ['RPC_TIMEOUT', 504],
      ['CIRCUIT_OPEN', 503],
    ])('maps %s to 503', (code, status) => {
      expect(toHttpError(rpcError(code, 'try later', status, true), OP)).toMatchObject({
        statusCode: 503,
        details: { code },
      });
    });

    it('hides the message of other 5xx errors', () => {
      const error = rpcError('INTERNAL_ERROR', 'relation "users" does not exist', 500, true);

      expect(toHttpError(error, OP)).toEqual({
        statusCode: 500,
        message: 'Internal server error',
        details: { code: 'INTERNAL_ERROR' },
        operationId: OP,
      });
    });
  });

  it('maps a ZodError to 400 with errors naming the fields', () => {
    const parsed = z.object({ page: z.number() }).safeParse({ page: 'one' });
    if (parsed.success) throw new Error('expected a validation failure');

    expect(toHttpError(parsed.error, OP)).toMatchObject({
      statusCode: 400,
      message: 'Validation failed',
      errors: [expect.stringMatching(/^page: /)],
    });
  });

  it('names each unknown field of a strict object', () => {
    const parsed = z
      .object({ user: z.object({ name: z.string() }).strict() })
      .safeParse({ user: { name: 'Ann', role: 'main', admin: true } });
    if (parsed.success) throw new Error('expected a validation failure');

    expect(toHttpError(parsed.error, OP).errors).toEqual([
      'user.role: is not an accepted field',
      'user.admin: is not an accepted field',
    ]);
  });

  it('keeps a Fastify 413 status with a readable message', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });

    expect(toHttpError(error, OP)).toEqual({
      statusCode: 413,
      message: 'Request body is too large',
      operationId: OP,
    });
  });

  it('prefixes a Fastify malformed-JSON error', () => {
    const error = Object.assign(new Error('Unexpected token'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });

    expect(toHttpError(error, OP).message).toBe('Malformed JSON body: Unexpected token');
  });

  it.each([
    ['an Error', new Error('db password is hunter2')],
    ['a 5xx statusCode', Object.assign(new Error('upstream'), { statusCode: 502 })],
    ['null', null],
  ])('maps %s to a generic 500', (_label, error) => {
    expect(toHttpError(error, OP)).toEqual({
      statusCode: 500,
      message: 'Internal server error',
      operationId: OP,
    });
  });
});
