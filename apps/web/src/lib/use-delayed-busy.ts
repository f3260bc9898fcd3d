import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a save runs before its step shows it as busy. */
export const BUSY_SHOWN_AFTER_MS = 250;

export interface DelayedBusy {
  /** true once the work in flight has run longer than the delay */
  shown: boolean;
  /** starts tracking work; false (and nothing starts) when work is already in flight */
  begin: () => boolean;
  /** the work settled: clears the busy state */
  end: () => void;
}

/**
 * A busy state for work that usually settles fast: shown only once the work has run longer
 * than `delayMs`, so a quick save does not flash a disabled button, nor re-render its step
 * while its request is on the wire (on a busy device that render competes with the reply).
 * `begin` refuses a second start until `end`, so a double submit is ignored even before the
 * busy state shows.
 */
export function useDelayedBusy(delayMs = BUSY_SHOWN_AFTER_MS): DelayedBusy {
  const [shown, setShown] = useState(false);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const begin = useCallback(() => {
    if (inFlight.current) return false;
    inFlight.current = true;
    timer.current = setTimeout(() => setShown(true), delayMs);
    return true;
  }, [delayMs]);

  const end = useCallback(() => {
    inFlight.current = false;
    clearTimeout(timer.current);
    setShown(false);
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  return { shown, begin, end };
}
