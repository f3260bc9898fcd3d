import * as XLSX from '@e965/xlsx';
import type { ImportMessage, ScheduleFileType } from '@medicalink/contracts';
import { MESSAGE_LIST_LIMIT } from './import-messages';
import {
  isBlank,
  readDate,
  readRequired,
  readText,
  readTime,
  type Cell,
  type Read,
} from './shift-cells';
import {
  DEFAULT_SPREADSHEET_LIMITS,
  MAX_SHIFT_ROWS,
  readShiftTable,
  tooManyRows,
  type SpreadsheetLimits,
} from './shift-table';
import { UnreadableSpreadsheetError } from './unreadable-spreadsheet';

export { MAX_SHIFT_ROWS, type SpreadsheetLimits } from './shift-table';
export { UnreadableSpreadsheetError } from './unreadable-spreadsheet';

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
  /** the first MESSAGE_LIST_LIMIT row errors */
  errors: ImportMessage[];
  /** every row error, listed or not */
  errorCount: number;
}

export const SHIFT_COLUMNS = ['date', 'start', 'end', 'unit', 'shift', 'required'] as const;
type ShiftColumn = (typeof SHIFT_COLUMNS)[number];

/**
 * Reads the first sheet (or the CSV) of a schedule template: a header row naming the columns
 * `date, start, end, unit, shift, required` (any order, any case, extra columns ignored), then
 * one shift per row. Bad rows become errors naming sheet, row and column; valid rows are kept.
 * Only the template's columns are read below the header, and an .xlsx/.ods is checked against
 * `limits` before it is parsed. Synchronous and CPU-bound: the service runs it in a worker.
 */
export function parseShiftSpreadsheet(
  content: Buffer,
  fileType: ScheduleFileType,
  limits: SpreadsheetLimits = DEFAULT_SPREADSHEET_LIMITS,
): ParsedSpreadsheet {
  const table = readShiftTable(content, fileType, limits);
  const sheetName = table.sheet;
  const columns = headerColumns(table.header, sheetName);
  const shifts: ParsedShift[] = [];
  const errors: ImportMessage[] = [];
  let errorCount = 0;
  const report = (error: ImportMessage) => {
    errorCount += 1;
    if (errors.length < MESSAGE_LIST_LIMIT) errors.push(error);
  };
  const seen = new Map<string, number>();
  let rowCount = 0;
  for (const { row, cells } of table.rows(SHIFT_COLUMNS.map((column) => columns[column]))) {
    if (cells.every(isBlank)) continue;
    rowCount += 1;
    if (rowCount > MAX_SHIFT_ROWS) throw tooManyRows(sheetName);
    const at = (column: ShiftColumn) => ({
      sheet: sheetName,
      row,
      column: `${column} (${XLSX.utils.encode_col(columns[column])})`,
    });
    const rowErrors: ImportMessage[] = [];
    const value = <T>(column: ShiftColumn, read: (cell: Cell) => Read<T>): T | undefined => {
      const cell = cells[SHIFT_COLUMNS.indexOf(column)] ?? null;
      const result: Read<T> = isBlank(cell) ? { error: `${column} is empty` } : read(cell);
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
      rowErrors.forEach(report);
      continue;
    }
    const key = `${date}|${start}|${unit.toLowerCase()}|${shift.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report({
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
  return { sheet: sheetName, shifts, rowCount, errors, errorCount };
}

function headerColumns(header: Cell[], sheet: string): Record<ShiftColumn, number> {
  const positions = new Map<string, number>();
  header.forEach((cell, index) => {
    const name = cell === null ? '' : String(cell).trim().toLowerCase();
    if (name && !positions.has(name)) positions.set(name, index);
  });
  const missing = SHIFT_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length > 0) {
    throw UnreadableSpreadsheetError.unreadable(
      `Sheet "${sheet}" row 1 must name the columns ${SHIFT_COLUMNS.join(', ')}; missing: ${missing.join(', ')}`,
      { sheet, row: 1, column: missing.join(', ') },
    );
  }
  return Object.fromEntries(
    SHIFT_COLUMNS.map((column) => [column, positions.get(column) ?? 0]),
  ) as Record<ShiftColumn, number>;
}
