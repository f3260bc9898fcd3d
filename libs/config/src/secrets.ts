import { isIP } from 'node:net';
import type { z } from 'zod';

/**
 * Every secret value this repository publishes (.env.example, the README, the e2e suite):
 * anyone can read them, so they work only on a machine nobody else can reach (every listener
 * on loopback) and never with NODE_ENV=production. secrets.spec.ts keeps this list in step
 * with .env.example.
 */
export const PUBLISHED_SECRET_VALUES: ReadonlySet<string> = new Set([
  // .env.example
  'dev-only-change-me-0123456789abcdef',
  'ChangeMe-dev-only-123',
  'dev-only-saga-input-key-change-me-0123456789abcdef',
  // e2e/support/system.ts
  'e2e-only-jwt-secret-0123456789abcdef-not-for-production',
  'E2e-bootstrap-admin-password-0123',
]);

/** A key (JWT, encryption) is at least this many random bytes, written as hex or base64. */
export const MIN_KEY_BYTES = 32;
/**
 * 32 random bytes show about 30 different values; fewer than this many betrays a pattern
 * (`aaaa…`, `deadbeef` repeated) rather than a random source.
 */
const MIN_DISTINCT_KEY_BYTES = 16;

/**
 * The bytes a key stands for: hex (`openssl rand -hex 32`) first, else standard base64
 * (`openssl rand -base64 48`). base64url is not taken: its alphabet makes a dashed passphrase
 * ("my-long-secret-phrase…") look like a key.
 */
export function keyBytes(value: string): Buffer | undefined {
  if (/^(?:[0-9a-fA-F]{2})+$/.test(value)) return Buffer.from(value, 'hex');
  const unpadded = value.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/]+$/.test(unpadded)) return undefined;
  if (unpadded.length % 4 === 1 || (unpadded !== value && value.length % 4 !== 0)) return undefined;
  return Buffer.from(unpadded, 'base64');
}

/** Why a key is refused, or undefined when it is at least MIN_KEY_BYTES random-looking bytes. */
export function keyProblem(value: string): string | undefined {
  const advice = 'use e.g. `openssl rand -base64 48` or `openssl rand -hex 32`';
  const bytes = keyBytes(value);
  if (!bytes)
    return `must be at least ${MIN_KEY_BYTES} random bytes written as hex or base64; ${advice}`;
  if (bytes.length < MIN_KEY_BYTES) {
    return `holds ${bytes.length} bytes, fewer than ${MIN_KEY_BYTES}; ${advice}`;
  }
  if (new Set(bytes).size < MIN_DISTINCT_KEY_BYTES) {
    return `repeats a pattern instead of being random bytes; ${advice}`;
  }
  return undefined;
}

/** Whether a listen address reaches only this machine: 127.0.0.0/8, ::1 or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) !== 6) return false;
  const canonical = new URL(`http://[${bare}]`).hostname.slice(1, -1);
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:/.test(canonical);
}

export interface SecretRule {
  variable: string;
  /** keys (JWT, encryption) must also be MIN_KEY_BYTES random bytes; passwords only must not be published */
  kind: 'key' | 'password';
}

/**
 * A zod superRefine over an app's parsed environment (NODE_ENV, HTTP_HOST and the secrets):
 * - a value this repository publishes is refused with NODE_ENV=production, and whenever the
 *   app listens beyond loopback (HTTP_HOST), since anyone who reads the repository could
 *   then sign tokens, open sealed input or log in as the bootstrap account;
 * - any other key must be at least MIN_KEY_BYTES random bytes as hex or base64.
 * Problems name the variable, never the value.
 */
export function refuseUnsafeSecrets(rules: readonly SecretRule[]) {
  return (env: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const production = env['NODE_ENV'] === 'production';
    const host = typeof env['HTTP_HOST'] === 'string' ? env['HTTP_HOST'] : '';
    const exposed = !isLoopbackHost(host);
    for (const { variable, kind } of rules) {
      const value = env[variable];
      if (typeof value !== 'string' || value.length === 0) continue;
      if (PUBLISHED_SECRET_VALUES.has(value)) {
        if (!production && !exposed) continue;
        const why = production
          ? 'NODE_ENV is production'
          : `HTTP_HOST (${host}) listens beyond loopback`;
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message: `is a value published in the repository (.env.example), refused because ${why}; set a secret of your own (e.g. \`openssl rand -base64 48\`)`,
        });
      } else if (kind === 'key') {
        const problem = keyProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', path: [variable], message: problem });
      }
    }
  };
}
