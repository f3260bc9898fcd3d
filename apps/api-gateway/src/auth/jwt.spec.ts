import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_SEC, JwtError, signJwt, verifyJwt, type TokenClaims } from './jwt';

const SECRET = 'unit-test-secret-0123456789abcdef-xyz';
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const CLAIMS: TokenClaims = {
  sub: '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
  email: 'owner@medicalink.local',
  privilege: 'owner',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Builds a token by hand, signed with HMAC-SHA256 over whatever header and payload are given. */
function handMade(header: unknown, payload: unknown, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const nowSec = NOW / 1000;
const validPayload = { ...CLAIMS, iat: nowSec, exp: nowSec + 600 };

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof JwtError) return error.reason;
    throw error;
  }
  throw new Error('expected a JwtError');
}

describe('signJwt / verifyJwt', () => {
  it('round-trips the claims with iat and exp', () => {
    const token = signJwt(CLAIMS, SECRET, { expiresInSec: 3600, nowMs: NOW });

    expect(verifyJwt(token, SECRET, NOW)).toEqual({ ...CLAIMS, iat: nowSec, exp: nowSec + 3600 });
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
  });

  it('keeps the optional org claim', () => {
    const org = '0b8e8a57-6c5d-4a8e-9d3f-7c1b2a3d4e5f';
    const token = signJwt({ ...CLAIMS, org }, SECRET, { expiresInSec: 60, nowMs: NOW });

    expect(verifyJwt(token, SECRET, NOW).org).toBe(org);
  });

  it('refuses a token whose payload was changed after signing', () => {
    const [header, , signature] = signJwt(CLAIMS, SECRET, { expiresInSec: 60, nowMs: NOW }).split(
      '.',
    );
    const forged = `${header}.${b64({ ...validPayload, privilege: 'main' })}.${signature}`;

    expect(failure(() => verifyJwt(forged, SECRET, NOW))).toBe('bad-signature');
  });

  it('refuses a token signed with another secret', () => {
    const token = signJwt(CLAIMS, 'another-secret-0123456789abcdef-xyz', {
      expiresInSec: 60,
      nowMs: NOW,
    });

    expect(failure(() => verifyJwt(token, SECRET, NOW))).toBe('bad-signature');
  });

  it('refuses alg none, with or without a signature', () => {
    const header = b64({ alg: 'none', typ: 'JWT' });
    const payload = b64(validPayload);

    expect(failure(() => verifyJwt(`${header}.${payload}.`, SECRET, NOW))).toBe('malformed');
    expect(failure(() => verifyJwt(`${header}.${payload}.c2ln`, SECRET, NOW))).toBe(
      'unsupported-header',
    );
  });

  it.each([
    ['HS512', { alg: 'HS512', typ: 'JWT' }],
    ['RS256', { alg: 'RS256', typ: 'JWT' }],
    ['hs256 in lower case', { alg: 'hs256', typ: 'JWT' }],
    ['no typ', { alg: 'HS256' }],
    ['an extra header field', { alg: 'HS256', typ: 'JWT', kid: '1' }],
    ['a header that is not an object', ['HS256']],
  ])('refuses a header with %s even when the HMAC-SHA256 is right', (_label, header) => {
    expect(failure(() => verifyJwt(handMade(header, validPayload), SECRET, NOW))).toBe(
      'unsupported-header',
    );
  });

  it('accepts a token without iat (an optional claim)', () => {
    const { iat: _iat, ...withoutIat } = validPayload;

    expect(verifyJwt(handMade({ alg: 'HS256', typ: 'JWT' }, withoutIat), SECRET, NOW)).toEqual(
      withoutIat,
    );
  });

  it('refuses a token without exp', () => {
    const { exp: _exp, ...withoutExp } = validPayload;

    expect(
      failure(() => verifyJwt(handMade({ alg: 'HS256', typ: 'JWT' }, withoutExp), SECRET, NOW)),
    ).toBe('bad-claims');
  });

  it('refuses claims that break the schema', () => {
    const header = { alg: 'HS256', typ: 'JWT' };

    expect(
      failure(() =>
        verifyJwt(handMade(header, { ...validPayload, privilege: 'root' }), SECRET, NOW),
      ),
    ).toBe('bad-claims');
    expect(
      failure(() => verifyJwt(handMade(header, { ...validPayload, sub: '42' }), SECRET, NOW)),
    ).toBe('bad-claims');
    expect(
      failure(() =>
        verifyJwt(handMade(header, { ...validPayload, exp: String(nowSec + 60) }), SECRET, NOW),
      ),
    ).toBe('bad-claims');
  });

  it('refuses a token issued in the future beyond the clock skew', () => {
    const future = { ...validPayload, iat: nowSec + CLOCK_SKEW_SEC + 5, exp: nowSec + 3600 };

    expect(
      failure(() => verifyJwt(handMade({ alg: 'HS256', typ: 'JWT' }, future), SECRET, NOW)),
    ).toBe('bad-claims');
  });

  it('accepts a token within the clock skew after exp, and refuses it past the skew', () => {
    const token = signJwt(CLAIMS, SECRET, { expiresInSec: 60, nowMs: NOW });
    const expMs = NOW + 60_000;

    expect(verifyJwt(token, SECRET, expMs + (CLOCK_SKEW_SEC - 1) * 1000).sub).toBe(CLAIMS.sub);
    expect(failure(() => verifyJwt(token, SECRET, expMs + CLOCK_SKEW_SEC * 1000))).toBe('expired');
  });

  it.each([
    ['an empty string', ''],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['characters outside base64url', 'a+b.c/d.e=f'],
    ['a payload that is not JSON', `${b64({ alg: 'HS256', typ: 'JWT' })}.bm90IGpzb24.c2ln`],
  ])('refuses %s', (_label, token) => {
    expect(() => verifyJwt(token, SECRET, NOW)).toThrow(JwtError);
  });
});
