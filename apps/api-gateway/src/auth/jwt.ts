import { createHmac, timingSafeEqual } from 'node:crypto';
import { JwtClaims } from '@medicalink/contracts';

/**
 * HS256 JSON Web Tokens, written out so the accepted algorithm is pinned:
 * the header must be exactly `{"alg":"HS256","typ":"JWT"}`; `alg: none`,
 * other HMACs and asymmetric algorithms are refused before any key is used.
 */
export type TokenClaims = Omit<JwtClaims, 'iat' | 'exp'>;

export type JwtFailure =
  'malformed' | 'unsupported-header' | 'bad-signature' | 'bad-claims' | 'expired';

export class JwtError extends Error {
  constructor(readonly reason: JwtFailure) {
    super(`invalid token: ${reason}`);
    this.name = 'JwtError';
  }
}

/** tolerated difference between our clock and the signer's (seconds), unless configured */
export const CLOCK_SKEW_SEC = 30;

const encode = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const ENCODED_HEADER = encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const SEGMENT = /^[A-Za-z0-9_-]+$/;

const nowSec = (nowMs: number) => Math.floor(nowMs / 1000);
const hmac = (input: string, secret: string) =>
  createHmac('sha256', secret).update(input).digest('base64url');

export function signJwt(
  claims: TokenClaims,
  secret: string,
  { expiresInSec, nowMs = Date.now() }: { expiresInSec: number; nowMs?: number },
): string {
  const iat = nowSec(nowMs);
  const payload = encode(JSON.stringify({ ...claims, iat, exp: iat + expiresInSec }));
  const signingInput = `${ENCODED_HEADER}.${payload}`;
  return `${signingInput}.${hmac(signingInput, secret)}`;
}

/** Returns the claims of a valid, unexpired token; throws JwtError otherwise. */
export function verifyJwt(
  token: string,
  secret: string,
  nowMs = Date.now(),
  clockSkewSec = CLOCK_SKEW_SEC,
): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) {
    throw new JwtError('malformed');
  }
  const [header, payload, signature] = parts as [string, string, string];
  // Our own tokens carry exactly ENCODED_HEADER; other spellings of the same header are parsed.
  if (header !== ENCODED_HEADER && !isPinnedHeader(header))
    throw new JwtError('unsupported-header');

  const expected = Buffer.from(hmac(`${header}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new JwtError('bad-signature');
  }

  const claims = JwtClaims.safeParse(parseJson(payload));
  if (!claims.success) throw new JwtError('bad-claims');
  const now = nowSec(nowMs);
  const { iat } = claims.data;
  if (iat !== undefined && iat > now + clockSkewSec) throw new JwtError('bad-claims');
  if (now >= claims.data.exp + clockSkewSec) throw new JwtError('expired');
  return claims.data;
}

function isPinnedHeader(segment: string): boolean {
  const header = parseJson(segment);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return false;
  const entries = Object.entries(header);
  return (
    entries.length === 2 &&
    (header as Record<string, unknown>)['alg'] === 'HS256' &&
    (header as Record<string, unknown>)['typ'] === 'JWT'
  );
}

function parseJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
