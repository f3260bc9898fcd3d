/**
 * Child process of the schedule bench: parses one spreadsheet with provider-directory's parser
 * (from dist/) and prints `{ ms, shifts, errors, peakRssMb }` as JSON. A process of its own, so
 * its peak RSS is the parser's alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@medicalink/testing';

interface Parser {
  parseShiftSpreadsheet(
    content: Buffer,
    fileType: 'xlsx' | 'ods' | 'csv',
  ): { shifts: unknown[]; errors: unknown[] };
}

const [file, fileType] = process.argv.slice(2);
if (!file || (fileType !== 'xlsx' && fileType !== 'ods' && fileType !== 'csv')) {
  throw new Error('usage: parse-once <file> <xlsx|ods|csv>');
}
// A compiled app module, loaded by path: tools do not import apps.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parser = require(
  join(repoRoot(), 'dist/apps/provider-directory/src/schedules/shift-spreadsheet.js'),
) as Parser;
const content = readFileSync(file);
const started = process.hrtime.bigint();
const parsed = parser.parseShiftSpreadsheet(content, fileType);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(
  JSON.stringify({
    ms,
    shifts: parsed.shifts.length,
    errors: parsed.errors.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
