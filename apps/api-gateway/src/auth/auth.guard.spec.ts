import { ForbiddenException, HttpException, type ExecutionContext } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { describe, expect, it, vi } from 'vitest';
import type { TokenState } from '@medicalink/contracts';
import { IS_PUBLIC } from '@medicalink/runtime';
import { type HttpExceptionWithHeaders } from '../http/http-exception-with-headers';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators';
import { AuthGuard, NO_POLICY_MESSAGE } from './auth.guard';
import type { AuthenticatedRequest } from './authenticated-request';
import { signJwt, type TokenClaims } from './jwt';
import { TokenStates } from './token-states';
import { VerifiedTokens } from './verified-tokens';

const SECRET = 'guard-test-secret-0123456789abcdef-xyz';
const OWNER: TokenClaims = {
  sub: '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
  email: 'owner@medicalink.local',
  privilege: 'owner',
};
const ADMIN_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const MAIN_ID = '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e';
const token = (claims: TokenClaims = OWNER, expiresInSec = 600, nowMs = Date.now()) =>
  signJwt(claims, SECRET, { expiresInSec, nowMs });

interface Metadata {
  handler?: { public?: boolean; access?: AccessPolicy };
  controller?: { public?: boolean; access?: AccessPolicy };
}

/** The accounts service's view of each account; OWNER's by default. */
const accountStates = new Map<string, TokenState | null>();
function stateOf(accountId: string): TokenState | null {
  if (accountStates.has(accountId)) return accountStates.get(accountId) ?? null;
  return { accountId, tokenVersion: 0, isActive: true, privilege: OWNER.privilege };
}

function handler() {}
class SomeController {}

/** A Reflector that answers from the given metadata, and an HTTP execution context. */
function setUp(metadata: Metadata, authorization?: string, type = 'http') {
  const reflector = {
    get: vi.fn((key: string, target: unknown) => {
      const level = target === handler ? metadata.handler : metadata.controller;
      if (key === IS_PUBLIC) return level?.public;
      if (key === ACCESS_POLICY) return level?.access;
      return undefined;
    }),
  } as unknown as Reflector;
  const request = { headers: authorization ? { authorization } : {} } as AuthenticatedRequest;
  const context = {
    getType: () => type,
    getHandler: () => handler,
    getClass: () => SomeController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  const states = new TokenStates(async (accountId) => stateOf(accountId), {
    ttlMs: 0,
    staleMs: 0,
  });
  const guard = new AuthGuard(reflector, new VerifiedTokens(SECRET), states);
  return { guard, context, request };
}

function refusal(run: () => unknown): HttpException {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpException) return error;
    throw error;
  }
  throw new Error('expected the guard to refuse');
}

const authenticated: AccessPolicy = { kind: 'authenticated' };
const adminOrMain: AccessPolicy = { kind: 'privileges', privileges: ['admin', 'main'] };

describe('AuthGuard', () => {
  it('refuses a route with no access policy with 403, even with a valid token', () => {
    const { guard, context } = setUp({}, `Bearer ${token()}`);

    const error = refusal(() => guard.canActivate(context));

    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error.message).toBe(NO_POLICY_MESSAGE);
  });

  it('lets anyone through a @Public() route', () => {
    const { guard, context } = setUp({ handler: { public: true } });

    expect(guard.canActivate(context)).toBe(true);
  });

  it('takes the policy of the controller when the handler has none', () => {
    const open = setUp({ controller: { public: true } });
    expect(open.guard.canActivate(open.context)).toBe(true);

    const closed = setUp({ controller: { access: authenticated } });
    expect(refusal(() => closed.guard.canActivate(closed.context)).getStatus()).toBe(401);
  });

  it('lets the handler policy override the controller policy', () => {
    const { guard, context } = setUp({
      handler: { access: authenticated },
      controller: { public: true },
    });

    expect(refusal(() => guard.canActivate(context)).getStatus()).toBe(401);
  });

  it('prefers the token policy when one level is both public and token-protected', () => {
    const { guard, context } = setUp({ handler: { public: true, access: authenticated } });

    expect(refusal(() => guard.canActivate(context)).getStatus()).toBe(401);
  });

  it('answers 401 with a Bearer challenge when the token is missing', () => {
    const { guard, context } = setUp({ handler: { access: authenticated } });

    const error = refusal(() => guard.canActivate(context));

    expect(error.getStatus()).toBe(401);
    expect(error.message).toBe('Missing bearer token');
    expect((error as HttpExceptionWithHeaders).headers['WWW-Authenticate']).toMatch(/^Bearer /);
  });

  it.each([
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['no token after Bearer', 'Bearer '],
  ])('answers 401 for %s', (_label, authorization) => {
    const { guard, context } = setUp({ handler: { access: authenticated } }, authorization);

    expect(refusal(() => guard.canActivate(context)).getStatus()).toBe(401);
  });

  it('answers 401 "Invalid token" for a forged token, with an invalid_token challenge', () => {
    const forged = signJwt(OWNER, 'not-the-gateway-secret-0123456789abc', { expiresInSec: 60 });
    const { guard, context } = setUp({ handler: { access: authenticated } }, `Bearer ${forged}`);

    const error = refusal(() => guard.canActivate(context)) as HttpExceptionWithHeaders;

    expect(error.getStatus()).toBe(401);
    expect(error.message).toBe('Invalid token');
    expect(error.headers['WWW-Authenticate']).toContain('error="invalid_token"');
  });

  it('answers 401 "Token expired" for an expired token', () => {
    const expired = token(OWNER, 60, Date.now() - 3_600_000);
    const { guard, context } = setUp({ handler: { access: authenticated } }, `Bearer ${expired}`);

    const error = refusal(() => guard.canActivate(context));

    expect(error.getStatus()).toBe(401);
    expect(error.message).toBe('Token expired');
  });

  it('puts the verified claims on the request', async () => {
    const { guard, context, request } = setUp(
      { handler: { access: authenticated } },
      `bearer ${token()}`,
    );

    expect(await guard.canActivate(context)).toBe(true);
    expect(request.auth).toMatchObject(OWNER);
  });

  it('answers 403 when the privilege is not among the allowed ones', () => {
    const { guard, context } = setUp({ handler: { access: adminOrMain } }, `Bearer ${token()}`);

    const error = refusal(() => guard.canActivate(context));

    expect(error.getStatus()).toBe(403);
    expect(error.message).toBe('Insufficient privilege');
  });

  it.each(['admin', 'main'] as const)(
    'lets %s through an admin-or-main route',
    async (privilege) => {
      const sub = privilege === 'admin' ? ADMIN_ID : MAIN_ID;
      accountStates.set(sub, { accountId: sub, tokenVersion: 0, isActive: true, privilege });
      const { guard, context } = setUp(
        { handler: { access: adminOrMain } },
        `Bearer ${token({ ...OWNER, sub, privilege })}`,
      );

      expect(await guard.canActivate(context)).toBe(true);
    },
  );

  it.each([
    ['deleted', null, 0],
    ['deactivated', { isActive: false }, 0],
    ['demoted', { privilege: 'owner' as const }, 0],
    ['re-versioned (password changed)', {}, 1],
  ])(
    'answers 401 "Token revoked" for a valid token of an account %s',
    async (_label, change, ver) => {
      const sub = '5d2f8e31-0c4b-4e8a-9b7d-1a2b3c4d5e6f';
      const admin = { ...OWNER, sub, privilege: 'admin' as const };
      accountStates.set(
        sub,
        change === null
          ? null
          : { accountId: sub, tokenVersion: ver, isActive: true, privilege: 'admin', ...change },
      );
      const { guard, context } = setUp(
        { handler: { access: authenticated } },
        `Bearer ${token(admin)}`,
      );

      const error: unknown = await Promise.resolve(guard.canActivate(context)).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(HttpException);
      expect((error as HttpException).getStatus()).toBe(401);
      expect((error as HttpException).message).toBe('Token revoked');
    },
  );

  it('leaves RPC handlers of the gateway to the transport', () => {
    const { guard, context } = setUp({}, undefined, 'rpc');

    expect(guard.canActivate(context)).toBe(true);
  });
});
