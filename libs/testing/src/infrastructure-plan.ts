/** The three engines every integration and e2e test needs. */
export const ENGINES = ['rabbitmq', 'redis', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineSetting {
  /** the variables that name the engine's URL, first one wins */
  variables: readonly string[];
  /** where a machine of this project's kind runs it */
  localUrl: string;
}

export const ENGINE_SETTINGS: Record<Engine, EngineSetting> = {
  rabbitmq: {
    variables: ['TEST_RABBITMQ_URL', 'RABBITMQ_URL'],
    localUrl: 'amqp://guest:guest@127.0.0.1:5672',
  },
  redis: { variables: ['TEST_REDIS_URL', 'REDIS_URL'], localUrl: 'redis://127.0.0.1:6379' },
  postgres: {
    variables: ['TEST_DATABASE_URL', 'DATABASE_URL'],
    localUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  },
};

/** Where one engine comes from for a test run. */
export type EngineChoice =
  | { engine: Engine; source: 'env'; variable: string; url: string }
  | { engine: Engine; source: 'local'; url: string }
  | { engine: Engine; source: 'container' };

/** What the probes found, the input of the choice. */
export interface Probes {
  /** does the URL the environment (or the local default) names answer */
  answers: Record<Engine, boolean>;
  /** does a Docker (or compatible) engine answer */
  docker: boolean;
}

/** The URL each engine is looked for at: the first variable set, else the local default. */
export function configuredUrls(
  env: Record<string, string | undefined>,
): Record<Engine, { url: string; variable?: string }> {
  const entries = ENGINES.map((engine) => {
    const { variables, localUrl } = ENGINE_SETTINGS[engine];
    const variable = variables.find((name) => env[name]);
    return [engine, variable ? { url: env[variable]!, variable } : { url: localUrl }] as const;
  });
  return Object.fromEntries(entries) as Record<Engine, { url: string; variable?: string }>;
}

export class InfrastructureUnavailableError extends Error {
  override readonly name = 'InfrastructureUnavailableError';
}

/**
 * Decides, per engine, where a test run gets it:
 * - a URL set in the environment is used as it is; if it does not answer the run stops, since
 *   silently testing against something else than what was asked for would mislead;
 * - else the local default port, if it answers;
 * - else a container started with testcontainers, if a Docker engine answers;
 * - else the run stops with an error that names both ways out.
 */
export function chooseInfrastructure(
  env: Record<string, string | undefined>,
  probes: Probes,
): EngineChoice[] {
  const urls = configuredUrls(env);
  const choices: EngineChoice[] = [];
  const problems: string[] = [];
  for (const engine of ENGINES) {
    const { url, variable } = urls[engine];
    if (variable) {
      if (probes.answers[engine]) choices.push({ engine, source: 'env', variable, url });
      else problems.push(`${engine} at ${redact(url)} (from ${variable}) does not answer`);
    } else if (probes.answers[engine]) {
      choices.push({ engine, source: 'local', url });
    } else if (probes.docker) {
      choices.push({ engine, source: 'container' });
    } else {
      problems.push(`${engine} does not answer at ${redact(url)} and no Docker engine answers`);
    }
  }
  if (problems.length > 0) throw new InfrastructureUnavailableError(explain(problems));
  return choices;
}

function explain(problems: string[]): string {
  return [
    `Test infrastructure not reachable: ${problems.join('; ')}.`,
    'Two ways out:',
    '  - run RabbitMQ (5672), Redis (6379) and PostgreSQL (5432) locally: `node tools/scripts/infra.mjs ensure`' +
      ' on a machine that has them installed, or `docker compose up -d rabbitmq redis postgres`' +
      ' (or set TEST_RABBITMQ_URL, TEST_REDIS_URL, TEST_DATABASE_URL to engines that run elsewhere);',
    '  - or start a Docker engine (Docker Desktop, Colima, Podman with its Docker socket) and leave' +
      ' those variables unset: the tests then start what is missing with testcontainers.',
  ].join('\n');
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
