/** Under this much time left, the stepper warns that the session is about to expire. */
export const WARNING_BEFORE_MS = 15 * 60_000;

/** "1 h 59 min", "14 min 05 s", "42 s": what the timer shows. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1_000));
  const hours = Math.floor(total / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/**
 * The warning's wording, in whole minutes so that assistive technology announcing the alert
 * is not told a new number every second.
 */
export function warningText(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  const left = minutes <= 1 ? 'less than a minute' : `${minutes} minutes`;
  return `This session expires in ${left}. Save your work and commit before it ends.`;
}
