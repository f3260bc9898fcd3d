import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallDeadlines } from './call-deadlines';

describe('CallDeadlines', () => {
  let expired: string[];
  let deadlines: CallDeadlines;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    expired = [];
    deadlines = new CallDeadlines((id) => expired.push(id));
  });
  afterEach(() => {
    deadlines.clear();
    vi.useRealTimers();
  });

  it('expires calls in order at their deadlines, not before', () => {
    deadlines.add('a', Date.now() + 100);
    deadlines.add('b', Date.now() + 150);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(['a', 'b']);
  });

  it('never expires a call removed before its deadline', () => {
    deadlines.add('a', Date.now() + 100);
    deadlines.add('b', Date.now() + 200);
    deadlines.remove('a');
    vi.advanceTimersByTime(150);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(['b']);
  });

  it('expires a call whose deadline comes before those already waiting on time', () => {
    deadlines.add('long', Date.now() + 10_000);
    deadlines.add('short', Date.now() + 50);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(['short']);
    deadlines.add('shorter-again', Date.now() + 10);
    deadlines.remove('shorter-again');
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual(['short', 'long']);
  });

  it('serves calls made after the oldest one settled', () => {
    deadlines.add('a', Date.now() + 100);
    deadlines.remove('a');
    vi.advanceTimersByTime(60);
    deadlines.add('b', Date.now() + 100);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['b']);
  });

  it('stops firing once cleared', () => {
    deadlines.add('a', Date.now() + 100);
    deadlines.add('b', Date.now() + 50);
    deadlines.clear();
    vi.advanceTimersByTime(200);
    expect(expired).toEqual([]);
  });
});
