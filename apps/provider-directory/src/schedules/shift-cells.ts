/** A cell's value as the table readers give it: text, a number (dates and times as serials). */
export type Cell = string | number | boolean | Date | null;
export type Read<T> = { ok: T } | { error: string };

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::\d{2})?$/;

export function readDate(cell: Cell): Read<string> {
  if (cell instanceof Date) {
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

export function readTime(cell: Cell, column: 'start' | 'end'): Read<string> {
  if (cell instanceof Date) {
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

export function readRequired(cell: Cell): Read<number> {
  const number = typeof cell === 'number' ? cell : Number(String(cell).trim());
  if (!Number.isInteger(number) || number < 1 || number > 1_000) {
    return {
      error: `required must be a whole number from 1 to 1000 (got "${clip(String(cell))}")`,
    };
  }
  return { ok: number };
}

export function readText(cell: Cell, column: 'unit' | 'shift'): Read<string> {
  const text = String(cell).trim();
  if (text.length > 100) return { error: `${column} is longer than 100 characters` };
  return { ok: text };
}

export const isBlank = (cell: Cell) => cell === null || String(cell).trim() === '';

const pad = (n: number) => String(n).padStart(2, '0');
const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}...` : text);
