import { type z } from 'zod';
import { baseEnvSchema, databaseName, envPort, loadConfig } from '@medicalink/config';

export const educationEnvSchema = baseEnvSchema.extend({
  EDUCATION_HTTP_PORT: envPort(3005),
  EDUCATION_DATABASE: databaseName('education'),
});
export type EducationEnv = z.infer<typeof educationEnvSchema>;

export function loadEducationConfig(
  env: Record<string, string | undefined> = process.env,
): EducationEnv {
  return loadConfig(educationEnvSchema, env);
}
