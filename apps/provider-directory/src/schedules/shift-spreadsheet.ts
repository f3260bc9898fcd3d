import * as XLSX from '@e965/xlsx';
import type { ImportMessage, ScheduleFileType } from '@medicalink/contracts';

/** One valid row of the template, normalized. */
export interface ParsedShift {
  sheet: string;
  /** as a spreadsheet shows it: the header is row 1 */
  row: number;
  date: string;
  start: string;
  end: string;
  overnight: boolean;
  unit: string;
  shift: string;
  required: number;
}

export interface ParsedSpreadsheet {
  sheet: string;
  shifts: ParsedShift[];
  /** data rows read (blank rows not counted) */
  rowCount: number;
  errors: ImportMessage[];
}

/** The file cannot be read as a shift table at all (nothing to keep). */
export class UnreadableSpreadsheetError extends Error {
  constructor(
    message: string,
    readonly finding: ImportMessage,
  ) {
    super(message);
  }
}

export const SHIFT_COLUMNS = ['date', 'start', 'end', 'unit', 'shift', 'required'] as const;
type ShiftColumn = (typeof SHIFT_COLUMNS)[number];

/** More rows than this is refused as a whole (SheetJS stops reading there: memory stays bounded). */
export const MAX_SHIFT_ROWS = 100_000;

type Cell = string | number | boolean | Date | null;
type Read<T> = { ok: T } | { error: string };

/**
 * Reads the first sheet (or the CSV) of a schedule template: a header row naming the columns
 * `date, start, end, unit, shift, required` (any order, any case, extra columns ignored), then
 * one shift per row. Bad rows become errors naming sheet, row and column; valid rows are kept.
 */
export function parseShiftSpreadsheet(
  content: Buffer,
  fileType: ScheduleFileType,
): ParsedSpreadsheet {
  const workbook = readWorkbook(content, fileType);
  const sheetName = workbook.SheetNames[0];
  const sheet = sheetName === undefined ? undefined : workbook.Sheets[sheetName];
  if (sheetName === undefined || !sheet) {
    throw unreadable(`The ${fileType} file has no sheet`, {});
  }
  const rows = XLSX.utils.sheet_to_json<Cell[]>(sheet, {
    header: 1,
    raw: true,
    defval: null,
    blankrows: true,
  });
  if (rows.length > MAX_SHIFT_ROWS) {
    throw unreadable(`Sheet "${sheetName}" has more than ${MAX_SHIFT_ROWS} rows`, {
      sheet: sheetName,
    });
  }
  const columns = headerColumns(rows[0] ?? [], sheetName);
  const shifts: ParsedShift[] = [];
  const errors: ImportMessage[] = [];
  const seen = new Map<string, number>();
  let rowCount = 0;
  for (let index = 1; index < rows.length; index += 1) {
    const cells = rows[index] ?? [];
    if (cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
    rowCount += 1;
    const row = index + 1;
    const at = (column: ShiftColumn) => ({
      sheet: sheetName,
      row,
      column: `${column} (${XLSX.utils.encode_col(columns[column])})`,
    });
    const rowErrors: ImportMessage[] = [];
    const value = <T>(column: ShiftColumn, read: (cell: Cell) => Read<T>): T | undefined => {
      const cell = cells[columns[column]] ?? null;
      const result: Read<T> =
        cell === null || String(cell).trim() === '' ? { error: `${column} is empty` } : read(cell);
      if ('error' in result) {
        rowErrors.push({ code: 'SCHEDULE_INVALID_CELL', message: result.error, ...at(column) });
        return undefined;
      }
      return result.ok;
    };
    const date = value('date', readDate);
    const start = value('start', (cell) => readTime(cell, 'start'));
    const end = value('end', (cell) => readTime(cell, 'end'));
    const unit = value('unit', (cell) => readText(cell, 'unit'));
    const shift = value('shift', (cell) => readText(cell, 'shift'));
    const required = value('required', readRequired);
    if (start !== undefined && end !== undefined && start === end) {
      rowErrors.push({
        code: 'SCHEDULE_INVALID_CELL',
        message: `end must differ from start (${start})`,
        ...at('end'),
      });
    }
    if (
      rowErrors.length > 0 ||
      date === undefined ||
      start === undefined ||
      end === undefined ||
      unit === undefined ||
      shift === undefined ||
      required === undefined
    ) {
      errors.push(...rowErrors);
      continue;
    }
    const key = `${date}|${start}|${unit.toLowerCase()}|${shift.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        code: 'SCHEDULE_DUPLICATE_SHIFT',
        message: `duplicates row ${first} (same date, start, unit and shift)`,
        ...at('shift'),
      });
      continue;
    }
    seen.set(key, row);
    shifts.push({
      sheet: sheetName,
      row,
      date,
      start,
      end,
      overnight: end < start,
      unit,
      shift,
      required,
    });
  }
  return { sheet: sheetName, shifts, rowCount, errors };
}

function readWorkbook(content: Buffer, fileType: ScheduleFileType): XLSX.WorkBook {
  if (content.length === 0) throw unreadable('The file is empty', {});
  const zipped = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if ((fileType === 'xlsx' || fileType === 'ods') && !zipped) {
    // SheetJS would read any bytes as text; an .xlsx or .ods is a ZIP archive.
    throw unreadable(`The file is not a valid .${fileType} spreadsheet (not a ZIP archive)`, {});
  }
  if (fileType === 'csv' && (zipped || content.includes(0))) {
    throw unreadable('The file is not a CSV text file', {});
  }
  try {
    // CSV is decoded here as UTF-8 (a BOM dropped): given bytes, SheetJS would guess a codepage
    const data = fileType === 'csv' ? content.toString('utf8').replace(/^\uFEFF/, '') : content;
    return XLSX.read(data, {
      type: fileType === 'csv' ? 'string' : 'buffer',
      dense: true,
      // keep CSV cells as written: "2026-01-05" stays a string, not a guessed date
      raw: fileType === 'csv',
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      sheetRows: MAX_SHIFT_ROWS + 1,
    });
  } catch (error) {
    throw unreadable(
      `The file could not be read as .${fileType}: ${error instanceof Error ? error.message : String(error)}`,
      {},
    );
  }
}

function headerColumns(header: Cell[], sheet: string): Record<ShiftColumn, number> {
  const positions = new Map<string, number>();
  header.forEach((cell, index) => {
    const name = cell === null ? '' : String(cell).trim().toLowerCase();
    if (name && !positions.has(name)) positions.set(name, index);
  });
  const missing = SHIFT_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length > 0) {
    throw unreadable(
      `Sheet "${sheet}" row 1 must name the columns ${SHIFT_COLUMNS.join(', ')}; missing: ${missing.join(', ')}`,
      { sheet, row: 1, column: missing.join(', ') },
    );
  }
  return Object.fromEntries(
    SHIFT_COLUMNS.map((column) => [column, positions.get(column) ?? 0]),
  ) as Record<ShiftColumn, number>;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::\d{2})?$/;

function readDate(cell: Cell): Read<string> {
  if (cell instanceof Date) {
    // an .ods date cell (SheetJS gives those as Date, at midnight UTC)
    if (Number.isNaN(cell.getTime())) return { error: 'date is not a valid date' };
    return { ok: cell.toISOString().slice(0, 10) };
  }
  if (typeof cell === 'number') {
    // a date cell of an .xlsx/.ods: a serial day number
    // (1900 date system: day 1 is 1900-01-01, and day 60 is Lotus' 1900-02-29, hence the
    // 1899-12-30 epoch for every date after it)
    if (cell < 61 || cell > 2_958_465)
      return { error: `date must be a date YYYY-MM-DD (got ${cell})` };
    const day = new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000);
    return { ok: day.toISOString().slice(0, 10) };
  }
  const text = String(cell).trim();
  const match = DATE.exec(text);
  if (!match) return { error: `date must be a date YYYY-MM-DD (got "${clip(text)}")` };
  const probe = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(probe.getTime()) || probe.getUTCDate() !== Number(match[3])) {
    return { error: `date ${text} is not a calendar date` };
  }
  return { ok: text };
}

function readTime(cell: Cell, column: 'start' | 'end'): Read<string> {
  if (cell instanceof Date) {
    // an .ods time cell: a Date on SheetJS' day zero; its time of day is the value (UTC)
    if (Number.isNaN(cell.getTime())) return { error: `${column} is not a valid time` };
    return { ok: cell.toISOString().slice(11, 16) };
  }
  if (typeof cell === 'number') {
    // a time cell: a fraction of a day
    if (cell < 0 || cell >= 1) return { error: `${column} must be a time HH:MM (got ${cell})` };
    const minutes = Math.round(cell * 24 * 60) % (24 * 60);
    return { ok: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` };
  }
  const text = String(cell).trim();
  const match = TIME.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) {
    return { error: `${column} must be a time HH:MM (got "${clip(text)}")` };
  }
  return { ok: `${pad(hours)}:${pad(minutes)}` };
}

function readRequired(cell: Cell): Read<number> {
  const number = typeof cell === 'number' ? cell : Number(String(cell).trim());
  if (!Number.isInteger(number) || number < 1 || number > 1_000) {
    return {
      error: `required must be a whole number from 1 to 1000 (got "${clip(String(cell))}")`,
    };
  }
  return { ok: number };
}

function readText(cell: Cell, column: 'unit' | 'shift'): Read<string> {
  const text = String(cell).trim();
  if (text.length > 100) return { error: `${column} is longer than 100 characters` };
  return { ok: text };
}

function unreadable(
  message: string,
  at: Pick<ImportMessage, 'sheet' | 'row' | 'column'>,
): UnreadableSpreadsheetError {
  return new UnreadableSpreadsheetError(message, {
    code: 'SCHEDULE_FILE_UNREADABLE',
    message,
    ...at,
  });
}

const pad = (n: number) => String(n).padStart(2, '0');
const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}...` : text);
