import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaseEnv } from '@medicalink/config';
import {
  INSTANCE_EVENT_SUBSCRIPTIONS,
  subscribedEventNames,
  type ServiceName,
} from '@medicalink/contracts';
import {
  AmqpConnection,
  AmqpServer,
  EventPublisher,
  MessagingModule,
  RpcClient,
  parseFaultRules,
  retryDelays,
  type ResilienceSettings,
} from '@medicalink/messaging';
import {
  PinoNestLogger,
  RecentErrors,
  collectProcessMetrics,
  createLogger,
  stopTracing,
  type Logger,
} from '@medicalink/observability';
import { HttpHealthController, rpcHealthController } from './health.controller';
import { HealthService } from './health.service';
import { installHttpContext } from './http-context';
import { MetricsController } from './metrics.controller';
import {
  openServiceDatabase,
  type DatabaseOptions,
  type ServiceDatabase,
} from './service-database';
import { AppContextModule } from './app-context.module';
import { PostgresRedeliveryLedger } from '@medicalink/persistence';

export interface ServiceOptions {
  /** the app's name, as in apps/<name> */
  app: string;
  /** the service name in RPC patterns (`<service>.<resource>.<action>`) */
  service: ServiceName;
  module: Type<unknown> | DynamicModule;
  env: BaseEnv;
  httpPort: number;
  /** the gateway serves its own aggregated GET /health */
  serveHttpHealth?: boolean;
  /**
   * GET /metrics without a token (default): right for a listener that serves nothing else and
   * binds loopback by default; the gateway, whose listener is public, serves its own behind a token
   */
  serveHttpMetrics?: boolean;
  /** Fastify body limit in bytes (default 1 MiB) */
  bodyLimit?: number;
  resilience?: Partial<ResilienceSettings>;
  logger?: Logger;
  /** the app's own PostgreSQL database: created, migrated, health-checked, with an outbox relay */
  database?: DatabaseOptions;
  /** last HTTP set-up before listening (plugins, docs, filters) */
  configureHttp?: (app: NestFastifyApplication, logger: Logger) => Promise<void> | void;
}

export interface RunningService {
  app: INestApplication;
  logger: Logger;
  url: string;
  /** the bound on close() that runServiceFromMain enforces */
  shutdownTimeoutMs: number;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Boots one MedicaLink app: config-driven logger, RabbitMQ connection, the
 * AMQP transport, /health, /metrics and graceful shutdown on SIGTERM.
 */
export async function runService(options: ServiceOptions): Promise<RunningService> {
  const { env } = options;
  const recentErrors = new RecentErrors();
  const logger =
    options.logger ?? createLogger({ service: options.app, level: env.LOG_LEVEL, recentErrors });
  const faults = parseFaultRules(env.FAULT_INJECTION, env.NODE_ENV);
  collectProcessMetrics(options.app);

  const connection = new AmqpConnection({ url: env.RABBITMQ_URL, name: options.app }, logger);
  const rpcClient = new RpcClient(
    connection,
    {
      prefix: env.MESSAGING_PREFIX,
      defaultTimeoutMs: env.RPC_TIMEOUT_MS,
      resilience: options.resilience,
    },
    logger,
  );
  const eventRetry = {
    maxAttempts: env.EVENT_MAX_ATTEMPTS,
    baseDelayMs: env.EVENT_RETRY_BASE_MS,
    maxDelayMs: env.EVENT_RETRY_MAX_MS,
  };
  const subscriptions = subscribedEventNames();
  const eventPublisher = new EventPublisher(connection, {
    prefix: env.MESSAGING_PREFIX,
    source: options.app,
    subscribers: {
      subscriptions,
      queueType: env.MESSAGING_QUEUE_TYPE,
      retryDelaysMs: retryDelays(eventRetry),
      ...(env.MESSAGING_QUEUE_EXPIRES_MS ? { queueExpiresMs: env.MESSAGING_QUEUE_EXPIRES_MS } : {}),
    },
  });
  const health = new HealthService(options.app, options.logger ? undefined : recentErrors);
  health.register('rabbitmq', async () => {
    if (!connection.isConnected()) throw new Error('not connected');
  });

  let database: ServiceDatabase | undefined;
  if (options.database) {
    database = await openServiceDatabase(options.database, eventPublisher, logger);
    const { ping } = database;
    health.register('postgres', () => ping());
  }

  @Module({
    imports: [
      AppContextModule.forRoot({
        config: env,
        logger,
        health,
        ...(database ? { database: { db: database.db, relay: database.relay } } : {}),
      }),
      MessagingModule.forRoot({ connection, rpcClient, eventPublisher }),
      options.module,
    ],
    controllers: [
      ...(options.serveHttpHealth === false ? [] : [HttpHealthController]),
      rpcHealthController(options.service),
      ...(options.serveHttpMetrics === false ? [] : [MetricsController]),
    ],
  })
  class ServiceRootModule {}

  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: env.TRUST_PROXY,
  });
  installHttpContext(adapter.getInstance(), logger);
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.connectMicroservice(
    {
      strategy: new AmqpServer({
        connection,
        logger,
        consumer: {
          prefix: env.MESSAGING_PREFIX,
          service: options.service,
          queueType: env.MESSAGING_QUEUE_TYPE,
          queueExpiresMs: env.MESSAGING_QUEUE_EXPIRES_MS,
          rpcPrefetch: env.MESSAGING_PREFETCH,
          eventPrefetch: env.MESSAGING_PREFETCH,
          eventRetry,
          faults,
          // Half the shutdown budget for handlers to finish; what they still hold is then handed
          // back (the channel closes unacked), leaving the rest for closing connections.
          drainTimeoutMs: Math.floor(env.SHUTDOWN_TIMEOUT_MS / 2),
          subscribedEvents: subscriptions[options.service] ?? [],
          instanceEvents: subscribedEventNames(INSTANCE_EVENT_SUBSCRIPTIONS)[options.service] ?? [],
          // Counted where the crashes they are about cannot undo the count: by the broker on
          // quorum queues, in the service's database on classic ones (a service without a
          // database is guarded on quorum queues only).
          redeliveries: {
            limit: env.MESSAGING_REDELIVERY_LIMIT,
            ...(database ? { ledger: new PostgresRedeliveryLedger(database.db) } : {}),
          },
        },
      }),
    },
    { inheritAppConfig: true },
  );

  await options.configureHttp?.(app, logger);
  await connection.waitForConnection(STARTUP_TIMEOUT_MS);
  await app.startAllMicroservices();
  await rpcClient.ready();
  await app.listen(options.httpPort, env.HTTP_HOST);
  database?.relay.start();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down: draining in-flight messages');
      await app.close();
      await database?.close();
      await rpcClient.close();
      await eventPublisher.close();
      await connection.close();
      logger.info('shut down cleanly');
    })();
    return closing;
  };
  const url = await app.getUrl();
  logger.info({ url, rpcService: options.service }, `${options.app} is up`);
  return { app, logger, url, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS, close };
}

/** For main.ts: run until SIGTERM/SIGINT, then drain and exit 0; exit 1 if start-up fails. */
export function runServiceFromMain(start: () => Promise<RunningService>): void {
  start()
    .then((running) => {
      announceListening(running.url);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, 'stop requested');
        // A hung handler (or a pool waiting for its connection) must not keep the process up:
        // whatever it held was not acked, so the broker hands it to another instance.
        setTimeout(() => {
          running.logger.error(
            { signal, shutdownTimeoutMs: running.shutdownTimeoutMs },
            'shutdown deadline passed: exiting with work still in progress',
          );
          process.exit(1);
        }, running.shutdownTimeoutMs);
        running
          .close()
          .then(() => stopTracing()) // exports the spans still buffered
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            running.logger.error({ err: error }, 'unclean shutdown');
            process.exit(1);
          });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      // Started by a process holding an IPC channel (a test, a bench, npm start): when that one
      // dies without stopping it, the channel closes, and nothing else would ever stop this app.
      process.once('disconnect', () => stop('parent disconnected'));
    })
    .catch((error: unknown) => {
      console.error(`start-up failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

/** The message a parent that spawned the app with an IPC channel receives once it listens. */
export interface ListeningAnnouncement {
  type: 'medicalink:listening';
  url: string;
}

/**
 * Tells a parent process (a test harness, a bench) the URL the app listens on, so it can run
 * apps on port 0 instead of guessing a free port that another process may take first.
 * Without an IPC channel (a normal start) it does nothing.
 */
function announceListening(url: string): void {
  if (!process.send) return;
  const announcement: ListeningAnnouncement = { type: 'medicalink:listening', url };
  process.send(announcement, (error: Error | null) => {
    if (error) console.error(`could not announce ${url} to the parent process: ${error.message}`);
  });
  process.channel?.unref(); // the channel must not keep the app alive after SIGTERM
}
