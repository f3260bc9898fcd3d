import { describe, expect, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { assertAllowedHost, parseRoster } from './roster-source';

const SOURCE = 'http://localhost/roster';

describe('assertAllowedHost', () => {
  it('allows a listed hostname on any port, or a listed host:port only on that port', () => {
    expect(() =>
      assertAllowedHost(new URL('http://LocalHost:8080/x'), ['localhost']),
    ).not.toThrow();
    expect(() =>
      assertAllowedHost(new URL('https://roster.example.org:8443/x'), ['roster.example.org:8443']),
    ).not.toThrow();
    expect(() =>
      assertAllowedHost(new URL('https://roster.example.org:9443/x'), ['roster.example.org:8443']),
    ).toThrow(/roster.example.org:9443" is not on the allow-list/);
  });

  it('refuses look-alike hosts', () => {
    for (const url of [
      'http://localhost.evil.test/',
      'http://127.0.0.1.nip.io/',
      'http://[::1]/',
    ]) {
      expect(() => assertAllowedHost(new URL(url), ['localhost', '127.0.0.1'])).toThrow(
        DomainError,
      );
    }
  });
});

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
    ['{"assignments": [', 'application/json', /invalid JSON/],
    ['{"shifts": []}', 'application/json', /must be an array/],
    ['', 'text/csv', /empty/],
    ['[{"who": "nobody"}]', 'application/json', /none of its 1 entries/],
  ])('refuses %j as malformed', (body, type, message) => {
    expect(() => parseRoster(body, type, SOURCE)).toThrow(message);
  });
});
