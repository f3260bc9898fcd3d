/** The spreadsheet template as a CSV: the header row the import reads, and two example shifts. */
export const TEMPLATE_CSV = [
  'date,start,end,unit,shift,required',
  '2026-01-05,07:00,19:00,ICU,Day,2',
  '2026-01-05,19:00,07:00,ICU,Night,1',
].join('\n');

export const ACCEPTED_TYPES = '.ods,.xlsx,.csv';

/** Whether a file's name has an extension the import reads. */
export function acceptedFile(name: string): boolean {
  return /\.(ods|xlsx|csv)$/i.test(name);
}
