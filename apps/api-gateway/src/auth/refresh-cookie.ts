import { REFRESH_COOKIE } from '@medicalink/contracts';

/**
 * The console's refresh-token cookie: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's request carries it), Path=/auth (sent to the auth routes only), Secure when the console
 * was reached over https, and kept by the browser until the sign-in's absolute end.
 */
export function refreshCookie(token: string, options: { secure: boolean; maxAgeSec: number }) {
  return serialize(token, Math.max(0, Math.floor(options.maxAgeSec)), options.secure);
}

/** The same cookie, expired: the browser drops it. */
export function clearedRefreshCookie(options: { secure: boolean }): string {
  return serialize('', 0, options.secure);
}

/** The refresh token in a Cookie header, if any. */
export function refreshTokenFromCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== REFRESH_COOKIE.name) continue;
    const value = pair.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

function serialize(value: string, maxAgeSec: number, secure: boolean): string {
  const attributes = [
    `${REFRESH_COOKIE.name}=${value}`,
    `Path=${REFRESH_COOKIE.path}`,
    `Max-Age=${maxAgeSec}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
