import { describe, expect, it } from 'vitest';
import { clearedRefreshCookie, refreshCookie, refreshTokenFromCookies } from './refresh-cookie';

describe('the refresh-token cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /auth, and Secure only when asked', () => {
    expect(refreshCookie('mlrt_abc', { secure: false, maxAgeSec: 43_200 })).toBe(
      'medicalink_refresh=mlrt_abc; Path=/auth; Max-Age=43200; HttpOnly; SameSite=Strict',
    );
    expect(refreshCookie('mlrt_abc', { secure: true, maxAgeSec: 10.7 })).toBe(
      'medicalink_refresh=mlrt_abc; Path=/auth; Max-Age=10; HttpOnly; SameSite=Strict; Secure',
    );
  });

  it('is cleared with an empty value and Max-Age=0 on the same path', () => {
    expect(clearedRefreshCookie({ secure: true })).toBe(
      'medicalink_refresh=; Path=/auth; Max-Age=0; HttpOnly; SameSite=Strict; Secure',
    );
  });

  it('is found among other cookies, and an empty or missing one is none', () => {
    expect(refreshTokenFromCookies('theme=dark; medicalink_refresh=mlrt_x1; lang=en')).toBe(
      'mlrt_x1',
    );
    expect(refreshTokenFromCookies('medicalink_refresh=')).toBeUndefined();
    expect(refreshTokenFromCookies('xmedicalink_refresh=mlrt_x1')).toBeUndefined();
    expect(refreshTokenFromCookies(undefined)).toBeUndefined();
  });
});
