import { afterEach, describe, expect, it, vi } from 'vitest';
import { finishBench } from './report';

describe('finishBench', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  const printed = () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    return () => write.mock.calls.map(([text]) => String(text)).join('');
  };

  it('prints the ratio lines when every row succeeded', () => {
    const output = printed();
    expect(
      finishBench('x', { lines: ['row a'], ratios: ['x ratio a/b: 2.00'], problems: [] }),
    ).toBe(true);
    expect(output()).toBe('row a\nx ratio a/b: 2.00\n');
    expect(process.exitCode).toBeUndefined();
  });

  it('prints what failed instead of the ratios, and exits 1', () => {
    const output = printed();
    const ok = finishBench('x', {
      lines: ['row a'],
      ratios: ['x ratio a/b: 2.00'],
      problems: ['row b: 3 failed calls'],
    });
    expect(ok).toBe(false);
    expect(output()).toBe(
      'row a\nx bench FAILED (1), no ratio printed:\n  row b: 3 failed calls\n',
    );
    expect(output()).not.toContain('ratio a/b');
    expect(process.exitCode).toBe(1);
  });
});
