import { connect as tcpConnect } from 'node:net';
import type { GenericContainer, Wait } from 'testcontainers';
import {
  chooseInfrastructure,
  configuredUrls,
  ENGINES,
  type Engine,
  type EngineChoice,
} from './infrastructure-plan';

export interface Infrastructure {
  rabbitmqUrl: string;
  redisUrl: string;
  postgresUrl: string;
  /** where the URLs came from, for the test log: `testcontainers` if any engine is a container */
  source: 'env' | 'local' | 'testcontainers';
}

export interface StartedContainers {
  infrastructure: Infrastructure;
  stop(): Promise<void>;
}

/**
 * Finds RabbitMQ, Redis and PostgreSQL for a test run (see chooseInfrastructure): explicit env
 * URLs (TEST_RABBITMQ_URL or RABBITMQ_URL, and so on), then the local default ports, then, for
 * each engine still missing, a container if a Docker engine answers.
 */
export async function findInfrastructure(
  env: Record<string, string | undefined> = process.env,
): Promise<StartedContainers> {
  const urls = configuredUrls(env);
  const reachable = await Promise.all(ENGINES.map((engine) => answers(urls[engine].url)));
  const answered = Object.fromEntries(ENGINES.map((engine, i) => [engine, reachable[i]!]));
  const docker = reachable.every(Boolean) ? false : await dockerAnswers();
  const choices = chooseInfrastructure(env, {
    answers: answered as Record<Engine, boolean>,
    docker,
  });
  const containers = await startContainers(
    choices.filter((choice) => choice.source === 'container').map((choice) => choice.engine),
  );
  const urlOf = (engine: Engine) => {
    const choice = choices.find((c) => c.engine === engine) as EngineChoice;
    return choice.source === 'container' ? containers.urls[engine]! : choice.url;
  };
  const sources = new Set(choices.map((choice) => choice.source));
  return {
    infrastructure: {
      rabbitmqUrl: urlOf('rabbitmq'),
      redisUrl: urlOf('redis'),
      postgresUrl: urlOf('postgres'),
      source: sources.has('container') ? 'testcontainers' : sources.has('env') ? 'env' : 'local',
    },
    stop: () => containers.stop(),
  };
}

/** Resolves true if a TCP connection to the URL's host and port opens within a second. */
export function answers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const parsed = new URL(url);
  const defaults: Record<string, number> = {
    'amqp:': 5672,
    'redis:': 6379,
    'postgres:': 5432,
    'postgresql:': 5432,
  };
  const port = Number(parsed.port || defaults[parsed.protocol] || 0);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: parsed.hostname, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

interface Containers {
  urls: Partial<Record<Engine, string>>;
  stop(): Promise<void>;
}

/** Each engine's container: image, port, readiness, and the URL the tests get. */
const CONTAINERS: Record<
  Engine,
  {
    image: string;
    port: number;
    configure(container: GenericContainer, wait: typeof Wait): GenericContainer;
    url(host: string, port: number): string;
  }
> = {
  rabbitmq: {
    image: 'rabbitmq:3.13-alpine',
    port: 5672,
    configure: (container, wait) =>
      container.withWaitStrategy(wait.forLogMessage('Server startup complete')),
    url: (host, port) => `amqp://guest:guest@${host}:${port}`,
  },
  redis: {
    image: 'redis:7-alpine',
    port: 6379,
    configure: (container) => container,
    url: (host, port) => `redis://${host}:${port}`,
  },
  postgres: {
    image: 'postgres:16-alpine',
    port: 5432,
    configure: (container, wait) =>
      container
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withWaitStrategy(wait.forLogMessage(/ready to accept connections/, 2)),
    url: (host, port) => `postgres://postgres@${host}:${port}/postgres`,
  },
};

/** Starts the given engines in containers (the container path is for laptops with Docker). */
async function startContainers(engines: Engine[]): Promise<Containers> {
  if (engines.length === 0) return { urls: {}, stop: async () => undefined };
  const { GenericContainer, Wait } = await import('testcontainers');
  const started = await Promise.all(
    engines.map((engine) => {
      const spec = CONTAINERS[engine];
      return spec
        .configure(new GenericContainer(spec.image).withExposedPorts(spec.port), Wait)
        .start();
    }),
  );
  const urls = Object.fromEntries(
    engines.map((engine, index) => {
      const container = started[index]!;
      const spec = CONTAINERS[engine];
      return [engine, spec.url(container.getHost(), container.getMappedPort(spec.port))];
    }),
  );
  return {
    urls,
    stop: async () => {
      await Promise.all(started.map((container) => container.stop()));
    },
  };
}
