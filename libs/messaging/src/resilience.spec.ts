import { describe, expect, it, vi } from 'vitest';
import { rpcError, type RpcError } from './errors';
import { ResiliencePolicies, type ResilienceSettings } from './resilience';

const settings: ResilienceSettings = {
  retries: 2,
  retryInitialDelayMs: 1,
  retryMaxDelayMs: 5,
  breakerThreshold: 3,
  breakerHalfOpenAfterMs: 60_000,
};

const unavailable = () => rpcError('SERVICE_UNAVAILABLE', 'down', 503, true);
const timeout = () => rpcError('RPC_TIMEOUT', 'no reply', 504, true);
const conflict = () => rpcError('EMAIL_TAKEN', 'taken', 409, false);

function failingWith(make: () => RpcError) {
  return vi.fn(async (): Promise<string> => {
    throw make();
  });
}

describe('ResiliencePolicies', () => {
  it('returns the result of a successful call', async () => {
    const policies = new ResiliencePolicies(settings);

    await expect(
      policies.execute('accounts', { idempotent: false }, async () => 'ok'),
    ).resolves.toBe('ok');
  });

  it('retries a retryable error `retries` times, then throws it', async () => {
    const policies = new ResiliencePolicies({ ...settings, breakerThreshold: 100 });
    const work = failingWith(() => rpcError('INJECTED_FAULT', 'flaky', 500, true));

    await expect(policies.execute('accounts', { idempotent: false }, work)).rejects.toMatchObject({
      code: 'INJECTED_FAULT',
    });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('succeeds when a retry succeeds', async () => {
    const policies = new ResiliencePolicies(settings);
    const work = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(unavailable())
      .mockResolvedValueOnce('ok');

    await expect(policies.execute('accounts', { idempotent: false }, work)).resolves.toBe('ok');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('honours a per-call retries override', async () => {
    const policies = new ResiliencePolicies({ ...settings, breakerThreshold: 100 });
    const work = failingWith(unavailable);

    await expect(
      policies.execute('accounts', { idempotent: true, retries: 0 }, work),
    ).rejects.toThrow('down');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('does not retry a non-retryable error', async () => {
    const policies = new ResiliencePolicies(settings);
    const work = failingWith(conflict);

    await expect(policies.execute('accounts', { idempotent: true }, work)).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('does not retry an error that is not an RpcError', async () => {
    const policies = new ResiliencePolicies(settings);
    const work = vi.fn(async (): Promise<string> => {
      throw new Error('bug');
    });

    await expect(policies.execute('accounts', { idempotent: true }, work)).rejects.toThrow('bug');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('retries RPC_TIMEOUT only when the call is idempotent', async () => {
    const policies = new ResiliencePolicies({ ...settings, breakerThreshold: 100 });
    const notIdempotent = failingWith(timeout);
    const idempotent = failingWith(timeout);

    await expect(
      policies.execute('accounts', { idempotent: false }, notIdempotent),
    ).rejects.toThrow();
    await expect(policies.execute('accounts', { idempotent: true }, idempotent)).rejects.toThrow();

    expect(notIdempotent).toHaveBeenCalledTimes(1);
    expect(idempotent).toHaveBeenCalledTimes(3);
  });

  it('opens the circuit after breakerThreshold failures and then fails fast', async () => {
    const policies = new ResiliencePolicies({ ...settings, retries: 0 });
    const work = failingWith(unavailable);
    for (let i = 0; i < settings.breakerThreshold; i += 1) {
      await expect(policies.execute('accounts', { idempotent: false }, work)).rejects.toMatchObject(
        {
          code: 'SERVICE_UNAVAILABLE',
        },
      );
    }

    const next = vi.fn(async () => 'ok');
    await expect(policies.execute('accounts', { idempotent: false }, next)).rejects.toMatchObject({
      code: 'CIRCUIT_OPEN',
      status: 503,
      envelope: expect.objectContaining({ details: { service: 'accounts' } }),
    });
    expect(next).not.toHaveBeenCalled();
  });

  it('keeps one circuit per service', async () => {
    const policies = new ResiliencePolicies({ ...settings, retries: 0 });
    const work = failingWith(unavailable);
    for (let i = 0; i < settings.breakerThreshold; i += 1) {
      await expect(policies.execute('accounts', { idempotent: false }, work)).rejects.toThrow();
    }

    await expect(
      policies.execute('product', { idempotent: false }, async () => 'ok'),
    ).resolves.toBe('ok');
  });

  it('does not count business errors toward the breaker', async () => {
    const policies = new ResiliencePolicies({ ...settings, retries: 0 });
    const work = failingWith(conflict);
    for (let i = 0; i < settings.breakerThreshold * 2; i += 1) {
      await expect(policies.execute('accounts', { idempotent: false }, work)).rejects.toMatchObject(
        {
          code: 'EMAIL_TAKEN',
        },
      );
    }

    await expect(
      policies.execute('accounts', { idempotent: false }, async () => 'ok'),
    ).resolves.toBe('ok');
  });

  it('treats a business answer as proof of life that resets the failure count', async () => {
    const policies = new ResiliencePolicies({ ...settings, retries: 0 });
    const outcomes = [unavailable, unavailable, conflict, unavailable, unavailable];
    for (const make of outcomes) {
      await expect(
        policies.execute('accounts', { idempotent: false }, failingWith(make)),
      ).rejects.toThrow();
    }
    const work = vi.fn(async () => 'ok');
    await expect(policies.execute('accounts', { idempotent: false }, work)).resolves.toBe('ok');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
