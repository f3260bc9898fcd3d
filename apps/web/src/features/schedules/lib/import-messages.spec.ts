import { describe, expect, it } from 'vitest';
import { filterMessages, mergedMessages, sortMessages } from './import-messages';

const validation = {
  errors: [
    { code: 'BAD_DATE', message: 'date is not a date', sheet: 'Shifts', row: 7, column: 'date' },
  ],
  warnings: [{ code: 'NO_ROSTER', message: 'roster unavailable' }],
  infos: [{ code: 'ROWS', message: '3 rows read', sheet: 'Shifts', row: 2 }],
};

describe('the merged import messages', () => {
  it('keeps every message with its level, filters by level and text', () => {
    const all = mergedMessages(validation);
    expect(all.map((m) => m.level)).toEqual(['error', 'warning', 'info']);
    expect(filterMessages(all, 'error', '').map((m) => m.code)).toEqual(['BAD_DATE']);
    expect(filterMessages(all, '', 'roster').map((m) => m.code)).toEqual(['NO_ROSTER']);
  });

  it('sorts by row as numbers, rows missing last, either way', () => {
    const all = mergedMessages(validation);
    expect(sortMessages(all, 'row', 'asc').map((m) => m.row)).toEqual([2, 7, undefined]);
    expect(sortMessages(all, 'row', 'desc').map((m) => m.row)).toEqual([undefined, 7, 2]);
    expect(sortMessages(all, 'level', 'asc').map((m) => m.level)).toEqual([
      'error',
      'warning',
      'info',
    ]);
  });
});
