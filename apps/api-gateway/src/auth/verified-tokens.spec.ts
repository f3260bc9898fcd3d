import { describe, expect, it } from 'vitest';
import type { JwtClaims } from '@medicalink/contracts';
import { CLOCK_SKEW_SEC, JwtError, signJwt } from './jwt';
import { VerifiedTokens } from './verified-tokens';

const claims = (exp: number): JwtClaims => ({
  sub: '5b0f2c34-8d5e-4c52-9a53-3c1f0b7f1d2e',
  email: 'a@medicalink.local',
  privilege: 'admin',
  iat: exp - 3600,
  exp,
});

describe('VerifiedTokens', () => {
  it('returns remembered claims until the token expires (with the clock skew), then forgets them', () => {
    const tokens = new VerifiedTokens('secret');
    const exp = 2_000_000_000;
    tokens.remember('t', claims(exp));
    expect(tokens.get('t', (exp + CLOCK_SKEW_SEC - 1) * 1000)).toEqual(claims(exp));
    expect(tokens.get('t', (exp + CLOCK_SKEW_SEC) * 1000)).toBeUndefined();
    expect(tokens.get('t', 0)).toBeUndefined();
  });

  it('keeps at most `capacity` tokens, dropping the oldest', () => {
    const tokens = new VerifiedTokens('secret', { capacity: 2 });
    tokens.remember('a', claims(2_000_000_000));
    tokens.remember('b', claims(2_000_000_000));
    tokens.remember('c', claims(2_000_000_000));
    expect(tokens.get('a', 0)).toBeUndefined();
    expect(tokens.get('b', 0)).toBeDefined();
    expect(tokens.get('c', 0)).toBeDefined();
  });

  it('verifies a token once, and still refuses any other signature or an expired token', () => {
    const tokens = new VerifiedTokens('secret');
    const token = signJwt({ sub: claims(0).sub, email: 'a@b.co', privilege: 'admin' }, 'secret', {
      expiresInSec: 60,
    });
    const first = tokens.verify(token);
    expect(tokens.verify(token)).toBe(first); // remembered: no second HMAC
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    expect(() => tokens.verify(forged)).toThrow(JwtError);
    expect(() => tokens.verify(token, (first.exp + CLOCK_SKEW_SEC) * 1000)).toThrow(JwtError);
  });
});
