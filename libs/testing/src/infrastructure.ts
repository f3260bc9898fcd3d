import { connect as tcpConnect } from 'node:net';

export interface Infrastructure {
  rabbitmqUrl: string;
  redisUrl: string;
  postgresUrl: string;
  /** where the URLs came from, for the test log */
  source: 'env' | 'local' | 'testcontainers';
}

const LOCAL: Omit<Infrastructure, 'source'> = {
  rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672',
  redisUrl: 'redis://127.0.0.1:6379',
  postgresUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
};

export interface StartedContainers {
  infrastructure: Infrastructure;
  stop(): Promise<void>;
}

/**
 * Finds RabbitMQ, Redis and PostgreSQL for a test run: explicit env URLs
 * (TEST_RABBITMQ_URL or RABBITMQ_URL, and so on), then the local default
 * ports, then containers if a Docker engine answers.
 */
export async function findInfrastructure(
  env: Record<string, string | undefined> = process.env,
): Promise<StartedContainers> {
  const fromEnv = {
    rabbitmqUrl: env['TEST_RABBITMQ_URL'] ?? env['RABBITMQ_URL'],
    redisUrl: env['TEST_REDIS_URL'] ?? env['REDIS_URL'],
    postgresUrl: env['TEST_DATABASE_URL'] ?? env['DATABASE_URL'],
  };
  const chosen = {
    rabbitmqUrl: fromEnv.rabbitmqUrl ?? LOCAL.rabbitmqUrl,
    redisUrl: fromEnv.redisUrl ?? LOCAL.redisUrl,
    postgresUrl: fromEnv.postgresUrl ?? LOCAL.postgresUrl,
  };
  const reachable = await Promise.all(Object.values(chosen).map((url) => answers(url)));
  if (reachable.every(Boolean)) {
    const source = Object.values(fromEnv).some(Boolean) ? 'env' : 'local';
    return { infrastructure: { ...chosen, source }, stop: async () => undefined };
  }
  if (await dockerAnswers()) return startContainers();
  const missing = Object.keys(chosen).filter((_, index) => !reachable[index]);
  throw new Error(
    `Test infrastructure not reachable: ${missing.join(', ')} (${missing.map((key) => chosen[key as keyof typeof chosen]).join(', ')}). ` +
      'Start it with `node tools/scripts/infra.mjs ensure` (this machine) or `docker compose up -d rabbitmq redis postgres`.',
  );
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

async function startContainers(): Promise<StartedContainers> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const [rabbit, redis, postgres] = await Promise.all([
    new GenericContainer('rabbitmq:3.13-alpine')
      .withExposedPorts(5672)
      .withWaitStrategy(Wait.forLogMessage('Server startup complete'))
      .start(),
    new GenericContainer('redis:7-alpine').withExposedPorts(6379).start(),
    new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start(),
  ]);
  return {
    infrastructure: {
      rabbitmqUrl: `amqp://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(5672)}`,
      redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
      postgresUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
      source: 'testcontainers',
    },
    stop: async () => {
      await Promise.all([rabbit.stop(), redis.stop(), postgres.stop()]);
    },
  };
}
