import * as XLSX from '@e965/xlsx';
import type { ScheduleFileType } from '@medicalink/contracts';
import { CsvRecords } from './csv-records';
import { countOdsCells, countXlsxCells } from './sheet-cells';
import type { Cell } from './shift-cells';
import { UnreadableSpreadsheetError } from './unreadable-spreadsheet';
import { forEachZipEntry, ZipRefusal } from './zip-entries';

/** What a schedule file may cost to read, checked before it is parsed. */
export interface SpreadsheetLimits {
  /** bytes an .xlsx or .ods may unzip to, all its files together */
  maxUnzippedBytes: number;
  /** cells its sheets may hold, counted in their XML before SheetJS builds them */
  maxCells: number;
}

export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetLimits = {
  maxUnzippedBytes: 128 * 1024 * 1024,
  maxCells: 2_000_000,
};

/** More data rows than this is refused as a whole. */
export const MAX_SHIFT_ROWS = 100_000;
/** Columns a header is read across (Excel's widest sheet, XFD): the template's must be among them. */
export const MAX_COLUMNS = 16_384;
const BINARY_SHEET_TYPE = /(?:sheet|sheet\.binary\.macroenabled\.main|\/officedocument)$/i;
/** Files in an archive: a workbook of a few sheets has a few dozen. */
const MAX_ZIP_ENTRIES = 5_000;

/** The first sheet (or the CSV) as rows below a header, read a few columns at a time. */
export interface ShiftTable {
  sheet: string;
  /** the header row's cells by column, across the first MAX_COLUMNS columns */
  header: Cell[];
  /** the rows below the header: each one's number as a spreadsheet shows it, and the cells of `columns` */
  rows(columns: readonly number[]): Iterable<{ row: number; cells: Cell[] }>;
}

export function readShiftTable(
  content: Buffer,
  fileType: ScheduleFileType,
  limits: SpreadsheetLimits,
): ShiftTable {
  if (content.length === 0) throw UnreadableSpreadsheetError.unreadable('The file is empty');
  const zipped = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (fileType === 'csv') {
    if (zipped || content.includes(0)) {
      throw UnreadableSpreadsheetError.unreadable('The file is not a CSV text file');
    }
    return csvTable(content);
  }
  if (!zipped) {
    // an .xlsx or .ods is a ZIP archive; given other bytes, SheetJS would guess another format
    throw UnreadableSpreadsheetError.unreadable(
      `The file is not a valid .${fileType} spreadsheet (not a ZIP archive)`,
    );
  }
  inspectArchive(content, fileType, limits);
  return workbookTable(content, fileType);
}

/**
 * A CSV read with our own reader rather than SheetJS: only the template's columns are kept, and
 * no format is guessed from the first bytes (SheetJS would read a file starting with `<` as
 * HTML, or `ID` as SYLK).
 */
function csvTable(content: Buffer): ShiftTable {
  const records = new CsvRecords(content.toString('utf8').replace(/^\uFEFF/, ''));
  const header = records.next(MAX_COLUMNS, (field) => (field < MAX_COLUMNS ? field : undefined));
  return {
    sheet: 'Sheet1',
    header: header ?? [],
    *rows(columns) {
      const slots = new Map(columns.map((column, slot) => [column, slot]));
      let row = 1;
      for (;;) {
        const cells = records.next(columns.length, (field) => slots.get(field));
        if (!cells) return;
        row += 1;
        yield { row, cells };
      }
    },
  };
}

function workbookTable(content: Buffer, fileType: 'xlsx' | 'ods'): ShiftTable {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(content, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      cellText: false,
      // the header and one row past the limit, to tell that there are more
      sheetRows: MAX_SHIFT_ROWS + 2,
      sheets: 0,
    });
  } catch (error) {
    throw UnreadableSpreadsheetError.unreadable(
      `The file could not be read as .${fileType}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const sheetName = workbook.SheetNames[0];
  const sheet = sheetName === undefined ? undefined : workbook.Sheets[sheetName];
  if (sheetName === undefined || !sheet) {
    throw UnreadableSpreadsheetError.unreadable(`The ${fileType} file has no sheet`);
  }
  const data = sheet['!data'] ?? [];
  const range = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']) : undefined;
  const headerIndex = range?.s.r ?? 0;
  if (data.length - headerIndex - 1 > MAX_SHIFT_ROWS) throw tooManyRows(sheetName);
  const headerCells = data[headerIndex] ?? [];
  const width = Math.min(headerCells.length, MAX_COLUMNS);
  const header = Array.from({ length: width }, (_, column) => cellValue(headerCells[column]));
  return {
    sheet: sheetName,
    header,
    *rows(columns) {
      for (let index = headerIndex + 1; index < data.length; index += 1) {
        const cells = data[index];
        yield { row: index + 1, cells: columns.map((column) => cellValue(cells?.[column])) };
      }
    },
  };
}

/** A cell as the parser reads it: text, number or boolean; empty, error and stub cells as null. */
function cellValue(cell: XLSX.CellObject | undefined): Cell {
  if (!cell) return null;
  if (cell.t === 's' || cell.t === 'n' || cell.t === 'b' || cell.t === 'd') return cell.v ?? null;
  return null;
}

/**
 * Before SheetJS sees an archive: it must be the kind its name says (SheetJS would read an .ods
 * named .xlsx, or an Apple Numbers or binary .xlsb file, by what is inside), unzip within
 * `maxUnzippedBytes`, and its sheets hold at most `maxCells` cells.
 */
function inspectArchive(content: Buffer, fileType: 'xlsx' | 'ods', limits: SpreadsheetLimits) {
  const names = new Set<string>();
  let cells = 0;
  let binaryParts = false;
  try {
    forEachZipEntry(
      content,
      { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: MAX_ZIP_ENTRIES },
      (entryName, data) => {
        const name = entryName.replace(/^\/+/, '').toLowerCase();
        names.add(name);
        const left = limits.maxCells - cells;
        if (fileType === 'ods' && (name === 'content.xml' || name === 'objectdata.xml')) {
          cells += countOdsCells(data, left);
        } else if (fileType === 'xlsx' && name.endsWith('.xml')) {
          cells += countXlsxCells(data, left);
        }
        if (fileType === 'xlsx' && (name.endsWith('.rels') || name === '[content_types].xml')) {
          binaryParts ||= namesBinaryPart(data);
        }
        if (cells > limits.maxCells) {
          throw UnreadableSpreadsheetError.tooLarge(
            `The file's sheets hold more than ${limits.maxCells} cells (SCHEDULE_MAX_CELLS)`,
          );
        }
      },
    );
  } catch (error) {
    if (!(error instanceof ZipRefusal)) throw error;
    if (error.reason === 'size') {
      throw UnreadableSpreadsheetError.tooLarge(
        `The .${fileType} file is too large to read: ${error.message} (SCHEDULE_MAX_UNZIPPED_BYTES)`,
      );
    }
    throw UnreadableSpreadsheetError.unreadable(
      `The file is not a valid .${fileType} spreadsheet: ${error.message}`,
    );
  }
  const opendocument = names.has('meta-inf/manifest.xml') || names.has('objectdata.xml');
  const valid =
    fileType === 'ods'
      ? opendocument && (names.has('content.xml') || names.has('objectdata.xml'))
      : !opendocument &&
        !names.has('index/document.iwa') &&
        names.has('[content_types].xml') &&
        !(names.has('xl/workbook.bin') && !names.has('xl/workbook.xml')) &&
        !binaryParts;
  if (!valid) {
    throw UnreadableSpreadsheetError.unreadable(
      fileType === 'ods'
        ? 'The file is not a valid .ods spreadsheet (no OpenDocument content)'
        : 'The file is not a valid .xlsx spreadsheet (an Office Open XML workbook, not binary)',
    );
  }
}

/**
 * Whether a package part names a binary workbook or sheet (.xlsb parts), which SheetJS would
 * read as binary records that the cell count above does not see: a content-type override of a
 * `.bin` part as a workbook or sheet, or a relationship to one.
 */
function namesBinaryPart(xml: Buffer): boolean {
  // relationship types .../worksheet, .../officeDocument; content types ...ms-excel.worksheet,
  // ...ms-excel.sheet.binary.macroEnabled.main (not .../oleObject, .../vbaProject)
  const text = xml.toString('latin1');
  const attribute = (tag: string, name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1] ?? '';
  for (const [tag] of text.matchAll(/<(?:[^\s<>:/]*:)?(?:Override|Relationship)\b[^>]*>/gi)) {
    const part = attribute(tag, 'PartName') || attribute(tag, 'Target');
    const type = attribute(tag, 'ContentType') || attribute(tag, 'Type');
    if (/\.bin$/i.test(part) && BINARY_SHEET_TYPE.test(type)) return true;
  }
  return false;
}

export function tooManyRows(sheet: string): UnreadableSpreadsheetError {
  return UnreadableSpreadsheetError.tooLarge(
    `Sheet "${sheet}" has more than ${MAX_SHIFT_ROWS} rows`,
    {
      sheet,
    },
  );
}
