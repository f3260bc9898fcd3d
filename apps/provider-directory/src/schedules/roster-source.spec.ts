import { describe, expect, it } from 'vitest';
import { parseRoster } from './roster-source';

const SOURCE = 'rosters.example.org:443';

describe('parseRoster', () => {
  it('reads a JSON array or { assignments }, with field names in any case and separators', () => {
    const body = JSON.stringify({
      assignments: [{ Date: '2026-03-02', UNIT: 'ICU', shift: 'Day', 'License-Number': 'ab-1' }],
    });

    expect(parseRoster(body, 'application/json', SOURCE)).toEqual({
      entries: [
        {
          line: 1,
          date: '2026-03-02',
          unit: 'ICU',
          shift: 'Day',
          licenseNumber: 'AB-1',
          email: null,
        },
      ],
      warnings: [],
    });
  });

  it('reads CSV, numbering entries as a spreadsheet shows the lines', () => {
    const body =
      'date,unit,shift,email\n2026-03-02,ICU,Night,Dr.House@Example.com\n2026-03-02,ICU,,x@y.z\n';

    const roster = parseRoster(body, 'text/csv', SOURCE);

    expect(roster.entries).toEqual([
      expect.objectContaining({ line: 2, shift: 'Night', email: 'dr.house@example.com' }),
    ]);
    expect(roster.warnings).toEqual([
      expect.objectContaining({
        code: 'ROSTER_ENTRY_INVALID',
        row: 3,
        message: 'roster entry 3 lacks shift',
      }),
    ]);
  });

  it.each([
    ['{"assignments": [', 'application/json', /not valid JSON/],
    ['{"shifts": []}', 'application/json', /must be an array/],
    ['', 'text/csv', /empty/],
    ['[{"who": "nobody"}]', 'application/json', /no entry names a date, unit, shift and doctor/],
    ['name,value\nx,1\n', 'text/csv', /CSV header names none of date, unit and shift/],
  ])('refuses %j as malformed', (body, type, message) => {
    expect(() => parseRoster(body, type, SOURCE)).toThrow(message);
  });

  it("never repeats what the source sent: no count, no field names, no parser's quote", () => {
    const internal = JSON.stringify(
      Array.from({ length: 1287 }, (_, i) => ({ metric: `process_cpu_seconds_${i}`, value: i })),
    );
    const messages = [internal, 'process_cpu_seconds_total 42 not json {'].map((body) => {
      try {
        parseRoster(body, 'application/json', SOURCE);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    });

    expect(messages).toEqual([
      'The roster source sent no usable roster: no entry names a date, unit, shift and doctor',
      'The roster source sent no usable roster: it is not valid JSON',
    ]);
  });
});
