import { hostileScheduleFiles } from '../hostile-spreadsheets';
import { sampleSchedules } from './fuzz-seed';
import type { FuzzUploads } from './fuzz-requests';

/**
 * Files for POST /schedules/imports: the template's samples (.csv, .xlsx, .ods), and files
 * meant to break an import (hostileScheduleFiles: wide sheets, zip bombs, corrupt .xlsx and
 * .ods, huge CSV lines), plus a few that are not what their name or layout says.
 */
export function fuzzUploads(): FuzzUploads {
  const valid = sampleSchedules();
  const xlsx = valid.find((file) => file.name.endsWith('.xlsx'))!.content;
  return {
    valid,
    hostile: [
      ...hostileScheduleFiles().map((file) => ({ name: file.fileName, content: file.content })),
      { name: 'nul.csv', content: Buffer.from('date,start\u0000,end\n\u0000\u0000\n') },
      { name: 'other-layout.csv', content: Buffer.from('name,email\nAnn,ann@example.com\n') },
      { name: 'header-only.csv', content: Buffer.from('date,start,end,unit,shift,required\n') },
      { name: 'schedule.xlsx.csv', content: xlsx },
    ],
  };
}
