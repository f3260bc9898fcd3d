import { describe, expect, it } from 'vitest';
import { formatRemaining, warningText } from './countdown';

describe('countdown wording', () => {
  it('shows hours and minutes, then minutes and seconds, then seconds', () => {
    expect(formatRemaining(2 * 3_600_000)).toBe('2 h 00 min');
    expect(formatRemaining(3_600_000 + 59 * 60_000 + 30_000)).toBe('1 h 59 min');
    expect(formatRemaining(14 * 60_000 + 5_000)).toBe('14 min 05 s');
    expect(formatRemaining(42_000)).toBe('42 s');
    expect(formatRemaining(-5)).toBe('0 s');
  });

  it('words the warning in whole minutes', () => {
    expect(warningText(14 * 60_000 + 1)).toMatch(/expires in 15 minutes/);
    expect(warningText(30_000)).toMatch(/expires in less than a minute/);
  });
});
