import { type z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once with a zod object schema. Every problem names the
 * variable, so a bad deployment fails at start instead of at first use. Values are never
 * quoted: a password or a URL with credentials must not reach the start-up log.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const received = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
    const shown = received === undefined ? 'missing' : 'value hidden';
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}
