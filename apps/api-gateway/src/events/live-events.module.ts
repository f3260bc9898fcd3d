import { Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AmqpConnection } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import { AuthModule } from '../auth/auth.module';
import { TokenStates } from '../auth/token-states';
import type { GatewayEnv } from '../config';
import { EventLog } from './event-log';
import { LiveEventHub } from './live-event-hub';
import { LiveEventIngest } from './live-event-ingest';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsService } from './live-events.service';
import { StreamLeases } from './stream-leases';

/** The replay log's Redis connections: commands, and the hub's blocking reads. */
class LiveEventRedis implements OnApplicationShutdown {
  readonly commands: Redis;
  readonly blocking: Redis;

  constructor(url: string) {
    // No key prefix here: the log's key carries it (ioredis does not prefix XREAD's keys).
    const options = {
      maxRetriesPerRequest: 1,
      retryStrategy: (n: number) => Math.min(n * 200, 2_000),
    };
    this.commands = new Redis(url, { ...options, enableOfflineQueue: false });
    this.blocking = new Redis(url, options);
    for (const client of [this.commands, this.blocking]) client.on('error', () => undefined);
  }

  onApplicationShutdown(): void {
    this.commands.disconnect();
    this.blocking.disconnect();
  }
}

@Module({
  imports: [AuthModule],
  controllers: [LiveEventsController],
  providers: [
    LiveEventsService,
    {
      provide: LiveEventRedis,
      inject: [APP_CONFIG],
      useFactory: (env: GatewayEnv) => new LiveEventRedis(env.REDIS_URL),
    },
    {
      provide: EventLog,
      inject: [LiveEventRedis, APP_CONFIG],
      useFactory: (redis: LiveEventRedis, env: GatewayEnv) =>
        new EventLog(redis.commands, {
          key: `${env.REDIS_KEY_PREFIX}live-events`,
          maxLength: env.EVENTS_LOG_MAX_LENGTH,
          maxAgeMs: env.EVENTS_LOG_MAX_AGE_SEC * 1000,
          dedupeTtlSec: env.EVENTS_LOG_MAX_AGE_SEC,
        }),
    },
    {
      provide: StreamLeases,
      inject: [LiveEventRedis, APP_CONFIG],
      useFactory: (redis: LiveEventRedis, env: GatewayEnv) =>
        new StreamLeases(redis.commands, {
          keyPrefix: env.REDIS_KEY_PREFIX,
          ttlMs: env.EVENTS_STREAM_LEASE_MS,
          refreshMs: Math.min(env.EVENTS_HEARTBEAT_MS, Math.floor(env.EVENTS_STREAM_LEASE_MS / 3)),
        }),
    },
    {
      provide: LiveEventHub,
      inject: [EventLog, LiveEventRedis, TokenStates, APP_CONFIG, APP_LOGGER],
      useFactory: (
        log: EventLog,
        redis: LiveEventRedis,
        states: TokenStates,
        env: GatewayEnv,
        logger: Logger,
      ) =>
        new LiveEventHub(
          log,
          redis.blocking,
          states,
          {
            heartbeatMs: env.EVENTS_HEARTBEAT_MS,
            authCheckMs: env.EVENTS_AUTH_CHECK_MS,
            reconnectAfterMs: env.EVENTS_RETRY_MS,
          },
          logger,
        ),
    },
    {
      provide: LiveEventIngest,
      inject: [AmqpConnection, EventLog, APP_CONFIG, APP_LOGGER],
      useFactory: (connection: AmqpConnection, log: EventLog, env: GatewayEnv, logger: Logger) =>
        new LiveEventIngest(
          connection,
          log,
          {
            prefix: env.MESSAGING_PREFIX,
            queueType: env.MESSAGING_QUEUE_TYPE,
            ...(env.MESSAGING_QUEUE_EXPIRES_MS
              ? { queueExpiresMs: env.MESSAGING_QUEUE_EXPIRES_MS }
              : {}),
            prefetch: env.MESSAGING_PREFETCH,
            maxQueued: env.EVENTS_QUEUE_MAX_LENGTH,
          },
          logger,
        ),
    },
  ],
})
export class LiveEventsModule {}
