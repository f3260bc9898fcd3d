import { describe, expect, it } from 'vitest';
import { CsvRecords } from './csv-records';

/** Every record with all its fields (up to 10). */
function all(text: string): string[][] {
  const csv = new CsvRecords(text);
  const records: string[][] = [];
  for (let cells = csv.next(10, (f) => (f < 10 ? f : undefined)); cells;) {
    records.push(cells.slice(0, cells.findLastIndex((cell) => cell !== '') + 1));
    cells = csv.next(10, (f) => (f < 10 ? f : undefined));
  }
  return records;
}

describe('CsvRecords', () => {
  it('reads RFC 4180 quoting: separators, line ends and doubled quotes inside quotes', () => {
    expect(all('a,"b,c","say ""hi""","two\nlines"\r\nd,e\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines'],
      ['d', 'e'],
    ]);
  });

  it('takes CRLF, LF and CR line ends, and keeps an empty line as an empty record', () => {
    expect(all('a\r\nb\rc\n\nd')).toEqual([['a'], ['b'], ['c'], [], ['d']]);
  });

  it('uses the separator the header line uses most, or the one a sep= line names', () => {
    expect(all('date;unit;note\n2026-03-01;ICU;a, b\n')).toEqual([
      ['date', 'unit', 'note'],
      ['2026-03-01', 'ICU', 'a, b'],
    ]);
    expect(all('date\tunit\n2026-03-01\tICU\n')[1]).toEqual(['2026-03-01', 'ICU']);
    expect(all('sep=|\ndate|unit\n1|2\n')).toEqual([
      ['date', 'unit'],
      ['1', '2'],
    ]);
  });

  it('keeps only the fields asked for, in their slots', () => {
    const csv = new CsvRecords('a,b,c,d\n1,2,3,4\n');
    const pick = new Map([
      [3, 0],
      [1, 1],
    ]);

    expect(csv.next(2, (field) => pick.get(field))).toEqual(['d', 'b']);
    expect(csv.next(2, (field) => pick.get(field))).toEqual(['4', '2']);
    expect(csv.next(2, (field) => pick.get(field))).toBeUndefined();
  });

  it('walks a line of ten million fields keeping the two it is asked for', () => {
    const csv = new CsvRecords(`x,${','.repeat(10_000_000)}last\n`);

    expect(
      csv.next(2, (field) => (field === 0 ? 0 : field === 10_000_001 ? 1 : undefined)),
    ).toEqual(['x', 'last']);
    expect(csv.done).toBe(true);
  });
});
