import { runService, type RunningService } from '@medicalink/runtime';
import { createLogger } from '@medicalink/observability';
import { AppModule } from './app.module';
import { installAsyncApiDocs } from './asyncapi/asyncapi-docs';
import { loadGatewayConfig } from './config';
import { installConsole } from './console/console-routes';
import { VerifiedTokens } from './auth/verified-tokens';
import { installRouteRateLimits } from './http/route-rate-limit';
import { LiveEventsService } from './events/live-events.service';
import { GatewayRedis } from './infrastructure/redis.provider';
import { installApiDocs } from './openapi/docs';
import { installMultipart } from './schedules/multipart';

export async function startGateway(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadGatewayConfig(env);
  const logger = createLogger({ service: 'api-gateway', level: config.LOG_LEVEL });
  return runService({
    app: 'api-gateway',
    service: 'gateway',
    module: AppModule,
    env: config,
    httpPort: config.GATEWAY_PORT,
    serveHttpHealth: false,
    serveHttpMetrics: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    logger,
    configureHttp: async (app, appLogger) => {
      await installMultipart(app, config.SCHEDULE_MAX_FILE_BYTES);
      await installRouteRateLimits(
        app.getHttpAdapter().getInstance(),
        app.get(GatewayRedis).client,
        {
          perToken: config.RATE_LIMIT_PER_TOKEN,
          perAddress: config.RATE_LIMIT_PER_ADDRESS,
          windowMs: config.RATE_LIMIT_WINDOW_SEC * 1000,
          tokens: app.get(VerifiedTokens),
        },
        appLogger,
      );
      await app.get(LiveEventsService).start();
      await installApiDocs(app);
      installAsyncApiDocs(app.getHttpAdapter().getInstance(), config);
      await installConsole(app.getHttpAdapter().getInstance(), {
        dir: config.CONSOLE_DIR,
        logger: appLogger,
      });
    },
  });
}
