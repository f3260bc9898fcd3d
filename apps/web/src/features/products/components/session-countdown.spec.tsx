import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionCountdown } from './session-countdown';

const MINUTE = 60_000;

describe('SessionCountdown', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  const renderAt = (left: number, expired = false) => {
    const onExpire = vi.fn();
    const onRestart = vi.fn();
    const view = render(
      <SessionCountdown
        expiresAt={Date.now() + left}
        expired={expired}
        onExpire={onExpire}
        onRestart={onRestart}
        restarting={false}
      />,
    );
    return { ...view, onExpire, onRestart };
  };

  it('counts down without a warning while more than 15 minutes are left', async () => {
    renderAt(2 * 60 * MINUTE);
    expect(screen.getByRole('timer').textContent).toBe('Session expires in 2 h 00 min');
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => {
      vi.advanceTimersByTime(61_000);
    });
    expect(screen.getByRole('timer').textContent).toBe('Session expires in 1 h 58 min');
  });

  it('warns under 15 minutes, in an alert that says "expires in"', async () => {
    renderAt(15 * MINUTE + 2_000);
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => {
      vi.advanceTimersByTime(3_000);
    });
    expect(screen.getByRole('alert').textContent).toMatch(/expires in 15 minutes/);
    expect(screen.getByRole('timer').textContent).toBe('Session expires in 14 min 59 s');
  });

  it('once the time is up, says so, tells the stepper, and offers a new session', async () => {
    const { onExpire, onRestart } = renderAt(2_000);
    expect(onExpire).not.toHaveBeenCalled();
    await act(async () => {
      vi.advanceTimersByTime(2_500);
    });
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('timer')).toBeNull();
    vi.useRealTimers();
    await userEvent.click(screen.getByRole('button', { name: 'Start a new session' }));
    expect(onRestart).toHaveBeenCalledTimes(1);
  });

  it('shows the expired state as soon as the server says the session is gone', () => {
    renderAt(60 * MINUTE, true);
    expect(screen.getByRole('button', { name: 'Start a new session' })).toBeDefined();
    expect(screen.queryByRole('timer')).toBeNull();
  });
});
