import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Logger } from '@medicalink/observability';
import { OutboxRelay, type Kysely, type PersistenceTables } from '@medicalink/persistence';
import { HealthService } from './health.service';
import { APP_CONFIG, APP_LOGGER, DATABASE } from './tokens';

export interface AppContext {
  /** the app's parsed environment (apps/<app>/src/config.ts) */
  config: object;
  logger: Logger;
  health?: HealthService;
  database?: { db: Kysely<PersistenceTables>; relay: OutboxRelay };
}

/**
 * The one way every app's modules reach their config and logger: `@Inject(APP_CONFIG)` and
 * `@Inject(APP_LOGGER)`, plus the health registry and, for apps with a database, `DATABASE`
 * and the outbox relay. runService installs it; a test that boots an app module alone
 * installs it with a config and a logger.
 */
@Global()
@Module({})
export class AppContextModule {
  static forRoot(context: AppContext): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: context.config },
      { provide: APP_LOGGER, useValue: context.logger },
      { provide: HealthService, useValue: context.health ?? new HealthService('app') },
      ...(context.database
        ? [
            { provide: DATABASE, useValue: context.database.db },
            { provide: OutboxRelay, useValue: context.database.relay },
          ]
        : []),
    ];
    return {
      module: AppContextModule,
      providers,
      exports: providers.map((provider) => (provider as { provide: unknown }).provide as symbol),
    };
  }
}
