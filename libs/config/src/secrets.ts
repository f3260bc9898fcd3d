import type { z } from 'zod';

/**
 * Every secret value this repository publishes (.env.example, the README, the e2e suite):
 * anyone can read them, so a production environment refuses them. secrets.spec.ts keeps this
 * list in step with .env.example.
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

/** A key of fewer bits (by the Shannon estimate below) is refused in production. */
export const MIN_KEY_ENTROPY_BITS = 128;

/**
 * Shannon entropy of the string's own character distribution times its length: an upper
 * estimate for a human-chosen string, near the truth for random ones. 32 identical characters
 * give 0; 48 random base64 characters give about 260.
 */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

export interface SecretRule {
  variable: string;
  /** keys (JWT, encryption) must also have MIN_KEY_ENTROPY_BITS; passwords only must not be published */
  kind: 'key' | 'password';
}

/**
 * A zod superRefine: with NODE_ENV=production, refuses a secret variable whose value this
 * repository publishes, or a key of low entropy, naming the variable (never the value).
 */
export function refusePublishedSecretsInProduction(rules: readonly SecretRule[]) {
  return (env: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (env['NODE_ENV'] !== 'production') return;
    for (const { variable, kind } of rules) {
      const value = env[variable];
      if (typeof value !== 'string' || value.length === 0) continue;
      if (PUBLISHED_SECRET_VALUES.has(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message:
            'is a value published in the repository (.env.example); set a secret of your own (e.g. `openssl rand -base64 48`)',
        });
      } else if (kind === 'key' && estimatedEntropyBits(value) < MIN_KEY_ENTROPY_BITS) {
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message: `has too little entropy for a key (under ${MIN_KEY_ENTROPY_BITS} bits); use e.g. \`openssl rand -base64 48\``,
        });
      }
    }
  };
}
