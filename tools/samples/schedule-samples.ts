/**
 * Writes the sample schedule files (`npm run samples:schedule`): the same small schedule as
 * .csv, .xlsx and .ods, and an .xlsx with a few bad rows, into
 * apps/provider-directory/test/fixtures/. Generated (not edited by hand) because .xlsx and .ods
 * are ZIP archives; the tests read them, and they are the template to copy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scheduleFile, SHIFT_HEADER, type SheetRow } from '@medicalink/testing';

const SAMPLE: SheetRow[] = [
  [...SHIFT_HEADER],
  ['2026-03-02', '07:00', '19:00', 'ICU', 'Day', 2],
  ['2026-03-02', '19:00', '07:00', 'ICU', 'Night', 1],
  ['2026-03-02', '08:00', '16:00', 'Emergency', 'Early', 3],
  ['2026-03-02', '16:00', '00:00', 'Emergency', 'Late', 2],
  ['2026-03-03', '07:00', '19:00', 'ICU', 'Day', 2],
  ['2026-03-03', '19:00', '07:00', 'ICU', 'Night', 1],
  ['2026-03-03', '08:00', '16:00', 'Emergency', 'Early', 3],
  ['2026-03-03', '16:00', '00:00', 'Emergency', 'Late', 2],
];

const PARTLY_BAD: SheetRow[] = [
  ...SAMPLE.slice(0, 3),
  ['2026-03-32', '07:00', '19:00', 'ICU', 'Day', 2],
  ['2026-03-04', 'noon', '19:00', 'ICU', 'Day', 2],
  ['2026-03-04', '07:00', '19:00', 'Ward B', 'Day', 0],
  ...SAMPLE.slice(3),
];

const dir = join(repoRoot(), 'apps/provider-directory/test/fixtures');
mkdirSync(dir, { recursive: true });
for (const kind of ['csv', 'xlsx', 'ods'] as const) {
  writeFileSync(join(dir, `schedule-sample.${kind}`), scheduleFile(SAMPLE, kind));
}
writeFileSync(join(dir, 'schedule-partly-bad.xlsx'), scheduleFile(PARTLY_BAD, 'xlsx'));
console.log(`wrote the schedule samples to ${dir}`);
