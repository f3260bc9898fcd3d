import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDelayedBusy } from './use-delayed-busy';

describe('useDelayedBusy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows nothing for work that settles within the delay, and renders nothing meanwhile', () => {
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return useDelayedBusy(250);
    });
    const before = renders;
    act(() => void result.current.begin());
    act(() => void vi.advanceTimersByTime(200));
    expect(renders).toBe(before);
    act(() => result.current.end());
    act(() => void vi.advanceTimersByTime(1_000));
    expect(result.current.shown).toBe(false);
  });

  it('shows work that runs past the delay until it ends', () => {
    const { result } = renderHook(() => useDelayedBusy(250));
    act(() => void result.current.begin());
    act(() => void vi.advanceTimersByTime(250));
    expect(result.current.shown).toBe(true);
    act(() => result.current.end());
    expect(result.current.shown).toBe(false);
  });

  it('refuses a second start while work is in flight, shown or not', () => {
    const { result } = renderHook(() => useDelayedBusy(250));
    let first = false;
    let second = true;
    act(() => {
      first = result.current.begin();
      second = result.current.begin();
    });
    expect([first, second]).toEqual([true, false]);
    act(() => result.current.end());
    expect(result.current.begin()).toBe(true);
  });
});
