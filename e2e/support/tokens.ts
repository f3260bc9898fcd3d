import { createHmac } from 'node:crypto';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT built by hand: any header, any payload, signed with HMAC-SHA256 over
 * them (or not at all), to forge the tokens the gateway must refuse.
 */
export function handMadeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string | null,
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  if (secret === null) return `${input}.`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The payload of a JWT, unverified. */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
