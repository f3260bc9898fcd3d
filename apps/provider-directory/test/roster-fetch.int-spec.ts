import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { freePort, startRosterServer, testLogger, type RosterServer } from '@medicalink/testing';
import { rosterAllowListSchema } from '../src/schedules/roster-allow-list';
import { fetchRoster, type RosterFetchOptions } from '../src/schedules/roster-fetch';

/*
 * The roster fetch against a real HTTP server on loopback: what it may reach, where it really
 * connects, and what its failures tell the caller.
 */

let roster: RosterServer;
let loopback: string;

beforeAll(async () => {
  roster = await startRosterServer();
  loopback = `127.0.0.1:${roster.port}`;
  roster.route('/roster.json', { body: '[]' });
});

afterAll(() => roster?.close());

function options(allow: string, extra: Partial<RosterFetchOptions> = {}): RosterFetchOptions {
  return {
    allow: rosterAllowListSchema.parse(allow),
    timeoutMs: 2_000,
    maxBytes: 64 * 1024,
    logger: testLogger(),
    ...extra,
  };
}

async function failure(fetching: Promise<unknown>): Promise<DomainError> {
  const outcome = await fetching.then(
    () => new Error('the fetch succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof DomainError) return outcome;
  throw outcome;
}

describe('which sources may be fetched', () => {
  it('fetches nothing while ROSTER_SOURCE_ALLOW is empty, and says how to turn it on', async () => {
    const refused = await failure(fetchRoster(roster.url('/roster.json'), options('')));

    expect(refused).toMatchObject({
      code: 'ROSTER_FETCH_DISABLED',
      status: 400,
      message: expect.stringContaining('ROSTER_SOURCE_ALLOW'),
    });
    expect(roster.hits('/roster.json')).toBe(0);
  });

  it('fetches an exact host:port entry only: the same host on another port is refused unrequested', async () => {
    roster.route('/exact.json', { body: '[]' });
    const other = await freePort();

    await expect(fetchRoster(roster.url('/exact.json'), options(loopback))).resolves.toEqual({
      text: '[]',
      contentType: 'application/json',
    });
    const refused = await failure(
      fetchRoster(`http://127.0.0.1:${other}/exact.json`, options(loopback)),
    );

    expect(refused).toMatchObject({ code: 'ROSTER_HOST_NOT_ALLOWED', status: 400 });
    expect(roster.hits('/exact.json')).toBe(1);
  });

  it('refuses a listed name resolving to loopback unless an entry names that address too', async () => {
    roster.route('/by-name.json', { body: '[]' });
    const url = roster.url('/by-name.json', 'localhost');
    const resolve = async (): Promise<LookupAddress[]> => [{ address: '127.0.0.1', family: 4 }];

    const refused = await failure(
      fetchRoster(url, options(`localhost:${roster.port}`, { resolve })),
    );
    expect(refused).toMatchObject({
      code: 'ROSTER_ADDRESS_NOT_ALLOWED',
      message: expect.stringContaining('loopback address'),
    });
    expect(roster.hits('/by-name.json')).toBe(0);

    await expect(
      fetchRoster(url, options(`localhost:${roster.port},${loopback}`, { resolve })),
    ).resolves.toMatchObject({ text: '[]' });
  });

  it.each(['169.254.169.254', '10.0.0.7', 'fd00:ec2::254'])(
    'refuses a name resolving to %s (metadata, private) without connecting',
    async (address) => {
      const resolve = async (): Promise<LookupAddress[]> => [
        { address, family: address.includes(':') ? 6 : 4 },
      ];

      const refused = await failure(
        fetchRoster(
          'http://rosters.example.test/x',
          options('rosters.example.test:80', { resolve }),
        ),
      );

      expect(refused.code).toBe('ROSTER_ADDRESS_NOT_ALLOWED');
      expect(refused.message).not.toContain(address);
    },
  );

  it('connects to the address it checked: the name is resolved once, never again by the client', async () => {
    // `.test` names resolve nowhere: a client that looked the name up itself would fail
    roster.route('/pinned.json', { body: '[]' });
    const answers: LookupAddress[][] = [
      [{ address: '127.0.0.1', family: 4 }],
      [{ address: '169.254.169.254', family: 4 }],
    ];
    let lookups = 0;
    const resolve = async () => answers[lookups++] ?? [];
    const url = `http://rosters.example.test:${roster.port}/pinned.json?key=k1`;

    const fetched = await fetchRoster(
      url,
      options(`rosters.example.test:${roster.port},${loopback}`, { resolve }),
    );

    expect(fetched.text).toBe('[]');
    expect(lookups).toBe(1);
    expect(roster.requests('/pinned.json')).toEqual([
      {
        url: '/pinned.json?key=k1',
        headers: expect.objectContaining({ host: `rosters.example.test:${roster.port}` }),
      },
    ]);
  });

  it('sends the credentials of the URL as basic authentication', async () => {
    roster.route('/private.json', { body: '[]' });

    await fetchRoster(
      `http://roster%20user:p%40ss@127.0.0.1:${roster.port}/private.json`,
      options(loopback),
    );

    expect(roster.requests('/private.json')[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('roster user:p@ss').toString('base64')}`,
    );
  });
});

describe('what a failed fetch tells the caller', () => {
  it('names the HTTP status of an error answer, never its body', async () => {
    roster.route('/down.json', { status: 503, body: 'upstream db-7.internal:5432 refused' });

    const failed = await failure(fetchRoster(roster.url('/down.json'), options(loopback)));

    expect(failed).toMatchObject({
      code: 'ROSTER_UNREACHABLE',
      message: 'The roster source could not be fetched: it answered HTTP 503',
    });
  });

  it('says only "could not be reached" when nothing listens: no socket error to scan ports with', async () => {
    const closed = await freePort();

    const failed = await failure(
      fetchRoster(`http://127.0.0.1:${closed}/`, options(`127.0.0.1:${closed}`)),
    );

    expect(failed).toMatchObject({
      code: 'ROSTER_UNREACHABLE',
      message: 'The roster source could not be fetched: it could not be reached',
    });
    expect(JSON.stringify(failed.details)).not.toMatch(/ECONNREFUSED|connect/i);
  });

  it('does not follow redirects, gives up after the timeout and stops reading past the size cap', async () => {
    roster.route('/moved.json', { status: 302, body: '' });
    roster.route('/slow.json', { body: '[]', delayMs: 1_000 });
    roster.route('/huge.json', { body: `[${'0,'.repeat(40_000)}0]` });

    const moved = await failure(fetchRoster(roster.url('/moved.json'), options(loopback)));
    const slow = await failure(
      fetchRoster(roster.url('/slow.json'), options(loopback, { timeoutMs: 200 })),
    );
    const huge = await failure(fetchRoster(roster.url('/huge.json'), options(loopback)));

    expect(moved.message).toMatch(/redirects \(HTTP 302\)/);
    expect(slow).toMatchObject({
      code: 'ROSTER_TIMEOUT',
      message: 'The roster source did not answer within 200 ms',
    });
    expect(huge).toMatchObject({ code: 'ROSTER_MALFORMED', message: /larger than 65536 bytes/ });
  });

  it('never names the URL: its path, query and credentials stay out of every message', async () => {
    const url = `http://user:secret@127.0.0.1:${roster.port}/h/42/roster.json?key=s3cr3t`;
    roster.route('/h/42/roster.json', { status: 404, body: 'no' });

    const failed = await failure(fetchRoster(url, options(loopback)));

    expect(JSON.stringify({ message: failed.message, details: failed.details })).not.toMatch(
      /secret|s3cr3t|roster\.json|\/h\/42/,
    );
  });
});
