import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { RecentErrors } from './recent-errors';

const silent = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

describe('RecentErrors', () => {
  it('keeps the error lines a logger writes, newest first, with their code and pattern', () => {
    const recent = new RecentErrors(2);
    const logger = createLogger({ service: 'test', destination: silent(), recentErrors: recent });

    logger.info('not an error');
    logger.warn({ code: 'SLOW' }, 'only a warning');
    logger.error({ pattern: 'accounts.account.get', code: 'DB_DOWN' }, 'database unavailable');
    logger.error({ err: new Error('boom') });
    logger.fatal('x'.repeat(400));

    const { total, errors } = recent.list();
    expect(total).toBe(3);
    expect(errors.map((e) => e.message.length)).toEqual([300, 4]);
    expect(errors[1]).toEqual({ at: expect.any(String), message: 'boom' });
    expect(recent.list(1).errors).toHaveLength(1);
  });

  it('names the code and pattern of a handled message', () => {
    const recent = new RecentErrors();
    recent.recordLogCall(
      [{ pattern: 'directory.doctor.delete', code: 'INJECTED_FAULT' }, 'Injected fault'],
      new Date('2026-12-07T05:00:00Z'),
    );
    expect(recent.list().errors).toEqual([
      {
        at: '2026-12-07T05:00:00.000Z',
        message: 'Injected fault',
        code: 'INJECTED_FAULT',
        pattern: 'directory.doctor.delete',
      },
    ]);
  });
});
