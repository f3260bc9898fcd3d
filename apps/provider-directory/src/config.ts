import { z } from 'zod';
import { baseEnvSchema, databaseName, envInt, envPort, loadConfig } from '@medicalink/config';
import { rosterAllowListSchema } from './schedules/roster-allow-list';
import { DEFAULT_SPREADSHEET_LIMITS } from './schedules/shift-table';

export const directoryEnvSchema = baseEnvSchema.extend({
  DIRECTORY_HTTP_PORT: envPort(3003),
  DIRECTORY_DATABASE: databaseName('directory'),
  /**
   * Roster sources provider-directory may fetch: exact `host:port` entries, comma-separated
   * (`rosters.example.org:443,10.0.0.7:8080`, IPv6 as `[fd00::7]:8080`). Empty (the default):
   * roster fetching is off. A name resolving to a loopback, private, link-local or metadata
   * address is refused unless an entry names that address.
   */
  ROSTER_SOURCE_ALLOW: rosterAllowListSchema,
  /** a roster source slower than this (whole response) is given up with a warning */
  SCHEDULE_ROSTER_TIMEOUT_MS: envInt(5_000, 50, 120_000),
  SCHEDULE_ROSTER_MAX_BYTES: envInt(5 * 1024 * 1024, 1_024, 100 * 1024 * 1024),
  /** rows per INSERT statement when storing shifts */
  SCHEDULE_INSERT_BATCH: envInt(5_000, 1, 20_000),
  /** what an .xlsx/.ods may unzip to, and the cells a file's sheets may hold, checked before parsing */
  SCHEDULE_MAX_UNZIPPED_BYTES: envInt(
    DEFAULT_SPREADSHEET_LIMITS.maxUnzippedBytes,
    1024 * 1024,
    1024 * 1024 * 1024,
  ),
  SCHEDULE_MAX_CELLS: envInt(DEFAULT_SPREADSHEET_LIMITS.maxCells, 1_000, 50_000_000),
  /** each file is parsed in a worker thread of this heap, within this time, so many at once */
  SCHEDULE_PARSE_MAX_HEAP_MB: envInt(1_024, 64, 16_384),
  SCHEDULE_PARSE_TIMEOUT_MS: envInt(60_000, 1_000, 600_000),
  SCHEDULE_PARSE_CONCURRENCY: envInt(2, 1, 32),
  /** the former allow-list (host names on any port): refused at start, so it is not left behind */
  SCHEDULE_ROSTER_ALLOWED_HOSTS: z
    .undefined({
      error: 'is replaced by ROSTER_SOURCE_ALLOW (exact host:port entries): rename it',
    })
    .optional(),
});
export type DirectoryEnv = z.infer<typeof directoryEnvSchema>;

export function loadDirectoryConfig(
  env: Record<string, string | undefined> = process.env,
): DirectoryEnv {
  return loadConfig(directoryEnvSchema, env);
}
