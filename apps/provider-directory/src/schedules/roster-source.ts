import type { ImportMessage } from '@medicalink/contracts';
import { CsvRecords } from './csv-records';
import { rosterMalformed } from './schedules.errors';

/** One line of a roster: who works which shift. */
export interface RosterEntry {
  /** 1-based position in the roster (JSON array index + 1, or CSV line with the header as 1) */
  line: number;
  date: string;
  unit: string;
  shift: string;
  licenseNumber: string | null;
  email: string | null;
}

/**
 * A roster as JSON (an array of entries, or `{ assignments: [...] }`) or as CSV with a header
 * row; fields `date, unit, shift` and `licenseNumber` and/or `email` (names matched without
 * regard to case, `-` or `_`). Entries lacking them are warnings; a body that is neither is
 * ROSTER_MALFORMED.
 */
export function parseRoster(
  text: string,
  contentType: string,
  source: string,
): { entries: RosterEntry[]; warnings: ImportMessage[] } {
  const trimmed = text.trim();
  const looksJson = /json/i.test(contentType) || trimmed.startsWith('[') || trimmed.startsWith('{');
  let records: { line: number; fields: Map<string, unknown> }[];
  if (looksJson) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed) as unknown;
    } catch {
      // the parser's message quotes the body: not for the caller
      throw rosterMalformed(source, 'it is not valid JSON');
    }
    const list = Array.isArray(data) ? data : isRecord(data) ? data['assignments'] : undefined;
    if (!Array.isArray(list)) {
      throw rosterMalformed(
        source,
        'JSON must be an array of assignments or { "assignments": [...] }',
      );
    }
    records = list.map((item, index) => ({ line: index + 1, fields: fieldsOf(item) }));
  } else {
    if (trimmed.length === 0) throw rosterMalformed(source, 'the body is empty');
    records = csvRecords(trimmed, source);
  }
  const entries: RosterEntry[] = [];
  const warnings: ImportMessage[] = [];
  for (const { line, fields } of records) {
    const text = (key: string) => {
      const value = fields.get(key);
      const plain =
        typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
      return plain === '' ? null : plain;
    };
    const date = text('date');
    const unit = text('unit');
    const shift = text('shift');
    const licenseNumber = text('licensenumber')?.toUpperCase() ?? null;
    const email = text('email')?.toLowerCase() ?? null;
    const missing = [
      ...(date ? [] : ['date']),
      ...(unit ? [] : ['unit']),
      ...(shift ? [] : ['shift']),
      ...(licenseNumber || email ? [] : ['licenseNumber or email']),
    ];
    if (missing.length > 0 || !date || !unit || !shift) {
      warnings.push({
        code: 'ROSTER_ENTRY_INVALID',
        message: `roster entry ${line} lacks ${missing.join(', ')}`,
        row: line,
      });
      continue;
    }
    entries.push({ line, date, unit, shift, licenseNumber, email });
  }
  if (records.length > 0 && entries.length === 0) {
    // no count and no field names: the body may be some internal endpoint's, not a roster
    throw rosterMalformed(source, 'no entry names a date, unit, shift and doctor');
  }
  return { entries, warnings };
}

const FIELDS = ['date', 'unit', 'shift', 'licensenumber', 'email'];
const fieldName = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '');

function fieldsOf(item: unknown): Map<string, unknown> {
  if (!isRecord(item)) return new Map();
  return new Map(Object.entries(item).map(([key, value]) => [fieldName(key), value]));
}

/** Header fields looked at for the roster's columns (Excel's widest sheet). */
const MAX_HEADER_FIELDS = 16_384;

/**
 * The CSV's records below its header, with the roster's fields only (other columns are not
 * read); blank lines skipped. A header naming none of date, unit and shift is no roster.
 */
function csvRecords(
  text: string,
  source: string,
): { line: number; fields: Map<string, unknown> }[] {
  const csv = new CsvRecords(text);
  const header =
    csv.next(MAX_HEADER_FIELDS, (field) => (field < MAX_HEADER_FIELDS ? field : undefined)) ?? [];
  const slots = new Map<number, number>();
  const names: string[] = [];
  for (const name of FIELDS) {
    const column = header.findIndex((cell) => fieldName(cell) === name);
    if (column < 0) continue;
    slots.set(column, names.length);
    names.push(name);
  }
  if (!['date', 'unit', 'shift'].some((name) => names.includes(name))) {
    throw rosterMalformed(source, 'its CSV header names none of date, unit and shift');
  }
  const records: { line: number; fields: Map<string, unknown> }[] = [];
  let line = 1;
  for (;;) {
    const cells = csv.next(names.length, (field) => slots.get(field));
    if (!cells) return records;
    line += 1;
    if (cells.every((cell) => cell.trim() === '')) continue;
    records.push({ line, fields: new Map(names.map((name, slot) => [name, cells[slot]])) });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
