import type * as Xlsx from '@e965/xlsx';

/** SheetJS, loaded on first use: most importers of the test kit never write a spreadsheet. */
function sheetJs(): typeof Xlsx {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed
  return require('@e965/xlsx') as typeof Xlsx;
}

export type ScheduleFileKind = 'ods' | 'xlsx' | 'csv';
export type SheetRow = ReadonlyArray<string | number | Date | null>;

export const SHIFT_HEADER = ['date', 'start', 'end', 'unit', 'shift', 'required'] as const;

/** A schedule spreadsheet (header row first) as the bytes of an .ods, .xlsx or .csv file. */
export function scheduleFile(
  rows: readonly SheetRow[],
  kind: ScheduleFileKind,
  sheetName = 'Shifts',
): Buffer {
  const XLSX = sheetJs();
  const sheet = XLSX.utils.aoa_to_sheet(rows.map((row) => [...row]));
  if (kind === 'csv') return Buffer.from(XLSX.utils.sheet_to_csv(sheet), 'utf8');
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName);
  return XLSX.write(workbook, { type: 'buffer', bookType: kind, compression: true }) as Buffer;
}

/**
 * `count` valid shifts from 2026-01-01 on: day/night shifts across a few units, the night
 * ones ending the next day.
 */
export function generatedShifts(
  count: number,
  units = ['ICU', 'ER', 'Ward A', 'Ward B'],
): SheetRow[] {
  const rows: SheetRow[] = [[...SHIFT_HEADER]];
  const perDay = units.length * 2;
  for (let i = 0; i < count; i += 1) {
    const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / perDay) * 86_400_000);
    const unit = units[Math.floor(i / 2) % units.length] ?? 'ICU';
    const night = i % 2 === 1;
    rows.push([
      day.toISOString().slice(0, 10),
      night ? '19:00' : '07:00',
      night ? '07:00' : '19:00',
      unit,
      night ? 'Night' : 'Day',
      1 + (i % 3),
    ]);
  }
  return rows;
}
