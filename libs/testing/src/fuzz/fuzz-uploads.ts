import { sampleSchedules } from './fuzz-seed';
import type { FuzzUploads } from './fuzz-requests';

/**
 * Files for POST /schedules/imports: the template's samples (.csv, .xlsx, .ods), and files
 * that are not what their name says: a truncated .xlsx, an .ods whose archive is damaged,
 * bytes that are no archive at all, text with NUL bytes, a CSV of another layout.
 */
export function fuzzUploads(): FuzzUploads {
  const valid = sampleSchedules();
  const bytesOf = (kind: string) => valid.find((file) => file.name.endsWith(kind))!.content;
  const xlsx = bytesOf('.xlsx');
  const ods = bytesOf('.ods');
  const damaged = Buffer.from(ods);
  damaged.fill(0x41, Math.floor(ods.length / 3), Math.floor(ods.length / 2));
  return {
    valid,
    hostile: [
      { name: 'truncated.xlsx', content: xlsx.subarray(0, Math.floor(xlsx.length / 2)) },
      { name: 'damaged.ods', content: damaged },
      { name: 'not-a-zip.xlsx', content: Buffer.from('PK\u0003\u0004 this is no archive') },
      { name: 'text.ods', content: Buffer.from('date,start,end\n2026-01-01,07:00,19:00\n') },
      { name: 'nul.csv', content: Buffer.from('date,start\u0000,end\n\u0000\u0000\n') },
      { name: 'other-layout.csv', content: Buffer.from('name,email\nAnn,ann@example.com\n') },
      { name: 'header-only.csv', content: Buffer.from('date,start,end,unit,shift,required\n') },
      { name: 'schedule.xlsx.csv', content: xlsx },
    ],
  };
}
