import { describe, expect, it } from 'vitest';
import { sinceTimestamp } from './commands/operations';
import { main } from './main';
import { report, table, type Io } from './output';

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => (out += text),
    err: (text) => (err += text),
    errIsTty: false,
    stdout: () => out,
    stderr: () => err,
  };
}

describe('medicalink CLI', () => {
  it('answers --help with exit 0 on every level', async () => {
    for (const args of [['--help'], ['products', 'create', '--help'], ['health', '--help']]) {
      const io = capture();
      expect(await main(['node', 'medicalink', ...args], io)).toBe(0);
      expect(io.stdout()).toMatch(/^Usage: medicalink/);
    }
  });

  it('exits 2 naming the mistake: unknown command, missing option, unreadable file', async () => {
    const unknown = capture();
    expect(await main(['node', 'medicalink', 'fly'], unknown)).toBe(2);
    expect(unknown.stderr()).toMatch(/unknown command 'fly'/);

    const missing = capture();
    expect(await main(['node', 'medicalink', 'schedules', 'import', 'x.csv'], missing)).toBe(2);
    expect(missing.stderr()).toMatch(/required option '--hospital <id>' not specified/);

    const unreadable = capture();
    const status = await main(
      ['node', 'medicalink', 'products', 'create', '--file', '/nonexistent/p.json'],
      unreadable,
    );
    expect(status).toBe(2);
    expect(unreadable.stderr()).toMatch(/cannot read JSON from \/nonexistent\/p.json/);
  });

  it('draws tables with padded columns and - for missing values', () => {
    expect(
      table(
        ['id', 'name'],
        [
          ['1', 'Ada'],
          ['22', null],
        ],
      ),
    ).toBe('id  name\n--  ----\n1   Ada\n22  -');
  });

  it('reports a failure on stderr with status and field errors, and exit 1', () => {
    const io = capture();
    const status = report(
      io,
      false,
      {
        success: false,
        code: 'HTTP_ERROR',
        error: 'Validation failed',
        status: 400,
        duration: 3,
        details: { errors: ['email: must be an email address'] },
      },
      () => 'unused',
    );
    expect(status).toBe(1);
    expect(io.stderr()).toBe(
      'error: Validation failed\nstatus: 400\n  - email: must be an email address\n',
    );
  });
});

describe('sinceTimestamp', () => {
  const now = Date.parse('2026-05-02T12:00:00.000Z');
  it('reads durations back from now, and dates and timestamps as given', () => {
    expect(sinceTimestamp('30m', now)).toBe('2026-05-02T11:30:00.000Z');
    expect(sinceTimestamp('2h', now)).toBe('2026-05-02T10:00:00.000Z');
    expect(sinceTimestamp('7d', now)).toBe('2026-04-25T12:00:00.000Z');
    expect(sinceTimestamp('1w', now)).toBe('2026-04-25T12:00:00.000Z');
    expect(sinceTimestamp('2026-05-01T08:00:00Z', now)).toBe('2026-05-01T08:00:00.000Z');
  });

  it('refuses anything else naming the forms it takes', () => {
    expect(() => sinceTimestamp('yesterday', now)).toThrow(/duration \(30m, 2h, 7d, 1w\)/);
  });
});

describe('login and logout without the gateway', () => {
  it('refuses --password as an argument with exit 2, before reaching anything', async () => {
    const io = capture();
    const status = await main(
      ['node', 'medicalink', 'login', '--email', 'a@b.test', '--password', 'hunter2'],
      io,
    );
    expect(status).toBe(2);
    expect(io.stderr()).toMatch(/--password is not accepted/);
    expect(io.stdout()).toBe('');
  });

  it('does not list --password in the help of login and doctors create', async () => {
    for (const args of [
      ['login', '--help'],
      ['doctors', 'create', '--help'],
    ]) {
      const io = capture();
      await main(['node', 'medicalink', ...args], io);
      expect(io.stdout()).not.toMatch(/--password </);
      expect(io.stdout()).toMatch(/--password-stdin/);
    }
  });

  it('refuses replay with neither ids nor --all', async () => {
    const io = capture();
    expect(await main(['node', 'medicalink', 'dead-letters', 'replay', 'orchestrator'], io)).toBe(
      2,
    );
    expect(io.stderr()).toMatch(/name the messages to replay, or give --all/);
  });
});
