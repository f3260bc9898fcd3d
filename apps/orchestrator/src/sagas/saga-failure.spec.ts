import { describe, expect, it } from 'vitest';
import type { SagaRecord } from '@medicalink/saga';
import { sagaFailure } from './saga-failure';
import { toSagaView } from './saga-view';

const PG_TEXT = 'connect ECONNREFUSED 10.0.3.7:5432 (relation "accounts" does not exist)';
const internal = {
  code: 'INTERNAL_ERROR',
  message: PG_TEXT,
  status: 500,
  details: { reason: PG_TEXT },
  retryable: false,
};

describe('saga failures seen from HTTP', () => {
  it('gives a 5xx cause as 503 without the participant raw message or details', () => {
    const error = sagaFailure({
      sagaId: 's-1',
      state: 'compensated',
      results: {},
      failure: { step: 'createAccount', error: internal },
    });

    expect(error.status).toBe(503);
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.message).not.toContain('ECONNREFUSED');
    expect(JSON.stringify(error.details ?? {})).not.toContain('ECONNREFUSED');
    expect(error.context).toEqual({
      saga: { sagaId: 's-1', step: 'createAccount', state: 'compensated' },
    });
  });

  it('keeps a refusal (4xx) as it is, but never details.reason', () => {
    const error = sagaFailure({
      sagaId: 's-2',
      state: 'compensated',
      results: {},
      failure: {
        step: 'createAccount',
        error: {
          code: 'ACCOUNT_EMAIL_TAKEN',
          message: 'Email already used',
          status: 409,
          details: { field: 'email', reason: 'accounts_email_key' },
          retryable: false,
        },
      },
    });

    expect(error.status).toBe(409);
    expect(error.message).toBe('Email already used');
    expect(error.details).toEqual({ field: 'email' });
  });

  it('shows no internal message nor details.reason in GET /sagas/:id', () => {
    const record: SagaRecord = {
      id: 's-3',
      type: 'doctor-creation',
      version: 1,
      state: 'compensated',
      businessKey: 'x',
      input: {},
      results: {},
      failure: { step: 'createAccount', error: internal },
      flagged: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      steps: [
        {
          name: 'createAccount',
          state: 'compensated',
          attempts: 1,
          compensationAttempts: 1,
          startedAt: null,
          finishedAt: null,
          error: internal,
          result: null,
        },
      ],
    };

    const view = JSON.stringify(toSagaView(record));
    expect(view).not.toContain('ECONNREFUSED');
    expect(view).not.toContain('reason');
    expect(toSagaView(record).steps[0]?.error).toMatchObject({
      code: 'INTERNAL_ERROR',
      status: 500,
    });
  });
});
