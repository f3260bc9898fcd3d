import { HttpException } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { AccountsErrorCode, authRpc, type AuthenticatedAccount } from '@medicalink/contracts';
import { rpcError, type RpcClient } from '@medicalink/messaging';
import { INVALID_CREDENTIALS_MESSAGE, AuthService } from './auth.service';
import { verifyJwt } from './jwt';
import type { LoginRateLimiter, RateLimitDecision } from './login-rate-limiter';
import type { TokenStates } from './token-states';

const env = { JWT_SECRET: 'auth-service-secret-0123456789abcdef', JWT_EXPIRES_IN_SEC: 900 };
const account: AuthenticatedAccount = {
  id: '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
  email: 'admin@medicalink.local',
  fullName: 'Admin',
  dob: null,
  phone: null,
  privilege: 'main',
  organizationId: null,
  membershipExpiresAt: null,
  isActive: true,
  permissions: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  tokenVersion: 3,
};
const credentials = { email: account.email, password: 'right-password' };

function service(verify: () => Promise<unknown>, decision: RateLimitDecision = { allowed: true }) {
  const call = vi.fn(verify);
  const consume = vi.fn(async () => decision);
  const auth = new AuthService(
    { call } as unknown as RpcClient,
    { consume, succeeded: vi.fn(), refund: vi.fn() } as unknown as LoginRateLimiter,
    { forget: vi.fn() } as unknown as TokenStates,
    env,
  );
  return { auth, call, consume };
}

async function failureOf(promise: Promise<unknown>): Promise<HttpException> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof HttpException) return error;
  throw new Error(`expected an HttpException, got ${String(error)}`);
}

describe('AuthService.login', () => {
  it('returns an HS256 bearer token with the account claims', async () => {
    const { auth, call, consume } = service(async () => account);

    const { access: reply, refresh } = await auth.login(credentials, '10.0.0.1');

    expect(consume).toHaveBeenCalledWith('10.0.0.1', account.email);
    expect(call).toHaveBeenCalledTimes(1); // no refresh token unless asked for
    expect(call).toHaveBeenCalledWith(authRpc.verify, credentials);
    expect(refresh).toBeUndefined();
    expect(reply).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const claims = verifyJwt(reply.accessToken, env.JWT_SECRET);
    expect(claims).toMatchObject({
      sub: account.id,
      email: account.email,
      privilege: 'main',
      ver: 3,
    });
    expect(claims.exp - (claims.iat ?? Number.NaN)).toBe(900);
    expect(claims).not.toHaveProperty('org');
  });

  it.each([AccountsErrorCode.InvalidCredentials, AccountsErrorCode.NotFound])(
    'answers %s with the one 401 message',
    async (code) => {
      const { auth } = service(() => Promise.reject(rpcError(code, 'no match', 401, false)));

      const error = await failureOf(auth.login(credentials, '10.0.0.1'));

      expect(error.getStatus()).toBe(401);
      expect(error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
    },
  );

  it('treats a deactivated account like a wrong password', async () => {
    const { auth } = service(async () => ({ ...account, isActive: false }));

    const error = await failureOf(auth.login(credentials, '10.0.0.1'));

    expect(error.getStatus()).toBe(401);
    expect(error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  it('refuses with 429 and Retry-After before asking the accounts service', async () => {
    const { auth, call } = service(async () => account, { allowed: false, retryAfterSec: 42 });

    const error = await failureOf(auth.login(credentials, '10.0.0.1'));

    expect(error.getStatus()).toBe(429);
    expect(error.message).toBe('Too many login attempts, try again later');
    expect((error as unknown as { headers: Record<string, string> }).headers).toEqual({
      'Retry-After': '42',
    });
    expect(call).not.toHaveBeenCalled();
  });

  it('passes other failures on (e.g. the accounts service is down)', async () => {
    const down = rpcError('SERVICE_UNAVAILABLE', 'No service is serving it', 503, true);
    const { auth } = service(() => Promise.reject(down));

    await expect(auth.login(credentials, '10.0.0.1')).rejects.toBe(down);
  });
});
