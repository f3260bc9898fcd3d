import { describe, expect, it } from 'vitest';
import {
  repeatedCellsOds,
  scheduleFile,
  SHIFT_HEADER,
  wideSheet,
  zipArchive,
  zipBomb,
  type ScheduleFileKind,
} from '@medicalink/testing';
import { parseShiftSpreadsheet, UnreadableSpreadsheetError } from './shift-spreadsheet';

function refusal(content: Buffer, kind: ScheduleFileKind): UnreadableSpreadsheetError['finding'] {
  try {
    parseShiftSpreadsheet(content, kind);
  } catch (error) {
    if (error instanceof UnreadableSpreadsheetError) return error.finding;
    throw error;
  }
  throw new Error('the file was not refused');
}

const KINDS: ScheduleFileKind[] = ['csv', 'xlsx', 'ods'];

describe('parseShiftSpreadsheet', () => {
  it.each(KINDS)('reads the template from a .%s file, night shifts ending the next day', (kind) => {
    const file = scheduleFile(
      [
        [...SHIFT_HEADER],
        ['2026-03-01', '07:00', '19:00', 'ICU', 'Day', 2],
        ['2026-03-01', '19:00', '07:00', 'ICU', 'Night', 1],
      ],
      kind,
    );

    const parsed = parseShiftSpreadsheet(file, kind);

    expect(parsed.errors).toEqual([]);
    expect(parsed.rowCount).toBe(2);
    expect(parsed.shifts).toEqual([
      expect.objectContaining({
        row: 2,
        date: '2026-03-01',
        start: '07:00',
        end: '19:00',
        overnight: false,
        unit: 'ICU',
        shift: 'Day',
        required: 2,
      }),
      expect.objectContaining({
        row: 3,
        start: '19:00',
        end: '07:00',
        overnight: true,
        required: 1,
      }),
    ]);
  });

  it('matches column names in any order and case and ignores extra columns', () => {
    const file = scheduleFile(
      [
        ['Notes', 'UNIT', 'Required', 'Shift', 'End', 'Start', 'Date'],
        ['x', 'Station Süd', '3', 'Late', '23:00', '15:00', '2026-03-02'],
      ],
      'csv',
    );

    expect(parseShiftSpreadsheet(file, 'csv').shifts).toEqual([
      expect.objectContaining({
        unit: 'Station Süd',
        required: 3,
        start: '15:00',
        end: '23:00',
        date: '2026-03-02',
      }),
    ]);
  });

  it('reads real date and time cells of a spreadsheet, not only text', () => {
    // 46082 is 2026-03-01 in the 1900 date system; 0.3125 is 07:30
    const file = scheduleFile(
      [[...SHIFT_HEADER], [46082, 0.3125, 0.8125, 'ICU', 'Day', 1]],
      'xlsx',
    );

    expect(parseShiftSpreadsheet(file, 'xlsx').shifts[0]).toMatchObject({
      date: '2026-03-01',
      start: '07:30',
      end: '19:30',
    });
  });

  it('reads the date cells of an .ods, which SheetJS gives as Date objects', () => {
    const file = scheduleFile(
      [[...SHIFT_HEADER], [new Date(Date.UTC(2026, 2, 2)), '07:00', '19:00', 'ICU', 'Day', 1]],
      'ods',
    );

    expect(parseShiftSpreadsheet(file, 'ods').shifts[0]).toMatchObject({ date: '2026-03-02' });
  });

  it('keeps the valid rows and reports each bad cell with sheet, row (header = 1) and column', () => {
    const file = scheduleFile(
      [
        [...SHIFT_HEADER],
        ['2026-03-01', '07:00', '19:00', 'ICU', 'Day', 1],
        ['2026-02-30', '07:00', '19:00', 'ICU', 'Day', 1],
        [null, null, null, null, null, null],
        ['2026-03-02', '7am', '19:00', '', 'Day', 0],
        ['2026-03-01', '07:00', '19:00', 'icu', 'day', 1],
        ['2026-03-03', '08:00', '08:00', 'ER', 'Day', 1],
      ],
      'xlsx',
      'Roster',
    );

    const parsed = parseShiftSpreadsheet(file, 'xlsx');

    expect(parsed.shifts.map((s) => s.row)).toEqual([2]);
    expect(parsed.rowCount).toBe(5);
    expect(parsed.errors).toEqual([
      expect.objectContaining({
        sheet: 'Roster',
        row: 3,
        column: 'date (A)',
        message: 'date 2026-02-30 is not a calendar date',
      }),
      expect.objectContaining({
        row: 5,
        column: 'start (B)',
        message: 'start must be a time HH:MM (got "7am")',
      }),
      expect.objectContaining({ row: 5, column: 'unit (D)', message: 'unit is empty' }),
      expect.objectContaining({ row: 5, column: 'required (F)' }),
      expect.objectContaining({
        row: 6,
        code: 'SCHEDULE_DUPLICATE_SHIFT',
        message: 'duplicates row 2 (same date, start, unit and shift)',
      }),
      expect.objectContaining({
        row: 7,
        column: 'end (C)',
        message: 'end must differ from start (08:00)',
      }),
    ]);
  });

  it('refuses a header without the template columns, naming the missing ones', () => {
    const file = scheduleFile(
      [
        ['date', 'unit'],
        ['2026-03-01', 'ICU'],
      ],
      'csv',
    );

    expect(() => parseShiftSpreadsheet(file, 'csv')).toThrow(
      /row 1 must name the columns .*; missing: start, end, shift, required/,
    );
  });

  it.each([
    ['xlsx' as const, Buffer.from('this is not a spreadsheet at all')],
    ['ods' as const, Buffer.from('PK\u0003\u0004 truncated zip')],
    ['csv' as const, Buffer.from([0x00, 0x01, 0x02, 0x03])],
    ['csv' as const, Buffer.alloc(0)],
  ])('says a corrupt or empty .%s file is unreadable instead of crashing', (kind, content) => {
    expect(() => parseShiftSpreadsheet(content, kind)).toThrow(UnreadableSpreadsheetError);
  });
});

describe('parseShiftSpreadsheet on files built to hurt it', () => {
  it('reads only the template columns of a sheet as wide as Excel allows', () => {
    const parsed = parseShiftSpreadsheet(wideSheet('csv', { rows: 1_000 }), 'csv');

    expect(parsed.rowCount).toBe(1_000);
    expect(parsed.shifts).toEqual([]);
    // six findings a row, the first 200 listed
    expect(parsed.errorCount).toBe(6_000);
    expect(parsed.errors).toHaveLength(200);
  });

  it('ignores what lies in extra columns, however far right', () => {
    const header = [...SHIFT_HEADER, ...Array<null>(5_000).fill(null), 'notes'];
    const file = scheduleFile(
      [
        header,
        [
          '2026-03-01',
          '07:00',
          '19:00',
          'ICU',
          'Day',
          1,
          ...Array<null>(5_000).fill(null),
          'x'.repeat(1_000),
        ],
      ],
      'xlsx',
    );

    expect(parseShiftSpreadsheet(file, 'xlsx').shifts).toHaveLength(1);
  });

  it('takes 100,000 rows and refuses one more', { timeout: 30_000 }, () => {
    const csv = (rows: number) =>
      Buffer.from(
        [
          SHIFT_HEADER.join(','),
          ...Array.from({ length: rows }, (_, i) => `2026-03-01,07:00,19:00,U${i},Day,1`),
        ].join('\n'),
      );

    expect(parseShiftSpreadsheet(csv(100_000), 'csv').shifts).toHaveLength(100_000);
    expect(refusal(csv(100_001), 'csv')).toMatchObject({
      code: 'SCHEDULE_FILE_TOO_LARGE',
      message: 'Sheet "Sheet1" has more than 100000 rows',
    });
  });

  it('refuses an .ods repeating a cell into billions before SheetJS builds them', () => {
    expect(refusal(repeatedCellsOds(), 'ods')).toEqual({
      code: 'SCHEDULE_FILE_TOO_LARGE',
      message: "The file's sheets hold more than 2000000 cells (SCHEDULE_MAX_CELLS)",
    });
  });

  it('refuses a zip bomb by its unzipped size, with the limit that applies', () => {
    expect(
      refusal(zipBomb('ods', { inflatedBytes: 256 * 1024 * 1024, declared: 'zero' }), 'ods'),
    ).toEqual({
      code: 'SCHEDULE_FILE_TOO_LARGE',
      message:
        'The .ods file is too large to read: it unzips to more than 134217728 bytes (SCHEDULE_MAX_UNZIPPED_BYTES)',
    });
  });

  it('reads a file as the kind its name says: an .ods named .xlsx, or a binary workbook, is refused', () => {
    const ods = scheduleFile([[...SHIFT_HEADER]], 'ods');
    const xlsb = zipArchive([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      {
        name: 'xl/_rels/workbook.xml.rels',
        content: Buffer.from(
          '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>',
        ),
      },
    ]);

    expect(refusal(ods, 'xlsx').message).toMatch(/not a valid \.xlsx spreadsheet/);
    expect(refusal(xlsb, 'xlsx').message).toMatch(/not a valid \.xlsx spreadsheet/);
  });
});
