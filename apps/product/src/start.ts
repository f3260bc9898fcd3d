import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadProductConfig } from './config';
import { productMigrations } from './database/product.migrations';

export async function startProduct(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadProductConfig(env);
  return runService({
    app: 'product',
    service: 'product',
    module: AppModule,
    env: config,
    httpPort: config.PRODUCT_HTTP_PORT,
    database: {
      serverUrl: config.DATABASE_URL,
      name: config.PRODUCT_DATABASE,
      migrations: productMigrations,
    },
  });
}
