import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaultRules, type FaultRule } from './fault-injection';

describe('parseFaultRules', () => {
  it('returns no rules for an empty or blank variable', () => {
    expect(parseFaultRules('', 'development')).toEqual([]);
    expect(parseFaultRules('   ', 'production')).toEqual([]);
  });

  it('names FAULT_INJECTION when the value is not JSON', () => {
    expect(() => parseFaultRules('[{', 'test')).toThrow(/^FAULT_INJECTION: not valid JSON/);
  });

  it('refuses any rule when NODE_ENV is production', () => {
    const raw = JSON.stringify([{ pattern: 'accounts.*', mode: 'error' }]);

    expect(() => parseFaultRules(raw, 'production')).toThrow(/FAULT_INJECTION.*production/);
  });

  it('applies default rate 1 and delayMs 1000', () => {
    const rules = parseFaultRules('[{"pattern":"accounts.user.get","mode":"slow"}]', 'test');

    expect(rules).toEqual([
      { pattern: 'accounts.user.get', mode: 'slow', rate: 1, delayMs: 1_000 },
    ]);
  });

  it.each([
    ['an unknown mode', [{ pattern: 'a.b.c', mode: 'explode' }], '0.mode'],
    ['a rate above 1', [{ pattern: 'a.b.c', mode: 'error', rate: 2 }], '0.rate'],
    ['an empty pattern', [{ pattern: '', mode: 'error' }], '0.pattern'],
    ['an unknown key', [{ pattern: 'a.b.c', mode: 'error', extra: true }], 'extra'],
    ['a non-array', { pattern: 'a.b.c', mode: 'error' }, 'array'],
  ])('rejects %s', (_label, value, mentioned) => {
    expect(() => parseFaultRules(JSON.stringify(value), 'test')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`^FAULT_INJECTION: .*${mentioned}`)),
      }),
    );
  });
});

describe('FaultInjector.pick', () => {
  const rule = (pattern: string, rate = 1): FaultRule => ({
    pattern,
    mode: 'error',
    rate,
    delayMs: 1_000,
  });

  it('matches an exact pattern only', () => {
    const injector = new FaultInjector([rule('accounts.user.get')]);

    expect(injector.pick('accounts.user.get')?.pattern).toBe('accounts.user.get');
    expect(injector.pick('accounts.user.get-all')).toBeUndefined();
    expect(injector.pick('accounts.user')).toBeUndefined();
  });

  it('matches a prefix.* wildcard', () => {
    const injector = new FaultInjector([rule('accounts.*')]);

    expect(injector.pick('accounts.user.get')).toBeDefined();
    expect(injector.pick('product.item.get')).toBeUndefined();
  });

  it('applies a rule only when the random draw is below its rate', () => {
    let draw = 0;
    const injector = new FaultInjector([rule('accounts.*', 0.3)], () => draw);

    draw = 0.29;
    expect(injector.pick('accounts.user.get')).toBeDefined();
    draw = 0.3;
    expect(injector.pick('accounts.user.get')).toBeUndefined();
  });

  it('is disabled without rules', () => {
    expect(new FaultInjector([]).enabled).toBe(false);
    expect(new FaultInjector([rule('a.*')]).enabled).toBe(true);
  });
});

describe('FaultInjector with times', () => {
  it('affects only the first N matching messages', () => {
    const injector = new FaultInjector(
      parseFaultRules('[{"pattern":"a.b.c","mode":"error","times":2}]', 'test'),
    );
    expect([1, 2, 3, 4].map(() => injector.pick('a.b.c')?.mode)).toEqual([
      'error',
      'error',
      undefined,
      undefined,
    ]);
  });
});
