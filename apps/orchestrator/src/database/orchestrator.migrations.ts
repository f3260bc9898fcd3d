import { sql, type Migration } from '@medicalink/persistence';
import { sagaMigrations } from '@medicalink/saga';
import { educationRegistrationMigrations } from '../education/registration-audit.migrations';
import { productSessionCommitMigrations } from '../products/product-session-commits.migrations';
import { scheduleImportMigrations } from '../schedules/schedule-imports.schema';

/**
 * Before the journal sealed sensitive input, a saga that never completed createAccount kept
 * the doctor's password in clear: ended sagas lose it, live ones keep it until they end
 * (recovery still needs it; their end removes it).
 */
const scrubEndedSagaPasswords: Migration = {
  async up(db) {
    await sql`
      UPDATE sagas SET input = input - 'password'
      WHERE state NOT IN ('running', 'compensating') AND input ? 'password'
    `.execute(db);
  },
};

export const orchestratorMigrations: Record<string, Migration> = {
  ...sagaMigrations,
  ...scheduleImportMigrations,
  '0201_scrub_ended_saga_passwords': scrubEndedSagaPasswords,
  ...educationRegistrationMigrations,
  ...productSessionCommitMigrations,
};
