import { runService, type RunningService } from '@medicalink/runtime';
import { createLogger } from '@medicalink/observability';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { installApiDocs } from './openapi/docs';
import { installMultipart } from './schedules/multipart';

const API_VERSION = '0.1.0';

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
    bodyLimit: config.BODY_LIMIT_BYTES,
    logger,
    configureHttp: async (app) => {
      await installMultipart(app, config.SCHEDULE_MAX_FILE_BYTES);
      await installApiDocs(app, API_VERSION);
    },
  });
}
