import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { runInContext } from './message-context';

function capturingLogger(level?: string) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'x', pretty: false, destination, level });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger', () => {
  it('redacts secrets at the top level and nested', () => {
    const { logger, lines, records } = capturingLogger();

    logger.info({ password: 'p', nested: { token: 't' }, user: 'ann' }, 'login');

    expect(records()[0]).toMatchObject({
      service: 'x',
      msg: 'login',
      user: 'ann',
      password: '[redacted]',
      nested: { token: '[redacted]' },
    });
    expect(lines[0]).not.toMatch(/"p"|"t"/);
  });

  it("redacts request headers that carry credentials, the console's refresh cookie among them", () => {
    const { logger, lines } = capturingLogger();

    logger.warn(
      { headers: { cookie: 'medicalink_refresh=mlrt_secret', authorization: 'Bearer x' } },
      'request',
    );

    expect(lines[0]).not.toMatch(/mlrt_secret|Bearer x/);
  });

  it('adds the correlation id of the current context', () => {
    const { logger, records } = capturingLogger();

    runInContext({ correlationId: 'corr-42' }, () => logger.info('inside'));
    logger.info('outside');

    expect(records()[0]).toMatchObject({ msg: 'inside', correlationId: 'corr-42' });
    expect(records()[1]).not.toHaveProperty('correlationId');
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capturingLogger('warn');

    logger.info('quiet');
    logger.warn('loud');

    expect(lines).toHaveLength(1);
  });
});
