import { type z } from 'zod';
import { baseEnvSchema, databaseName, envPort, loadConfig } from '@medicalink/config';

export const productEnvSchema = baseEnvSchema.extend({
  PRODUCT_HTTP_PORT: envPort(3004),
  PRODUCT_DATABASE: databaseName('product'),
});
export type ProductEnv = z.infer<typeof productEnvSchema>;

export function loadProductConfig(
  env: Record<string, string | undefined> = process.env,
): ProductEnv {
  return loadConfig(productEnvSchema, env);
}
