/** The earliest graduation year accepted. */
export const EARLIEST_GRADUATION_YEAR = 1950;
/** How many years ahead a student's expected graduation may be. */
export const GRADUATION_YEARS_AHEAD = 7;

/** Plausible graduation years at `now`: 1950 .. the current (UTC) year + 7. */
export function graduationYearRange(now: Date): { min: number; max: number } {
  return {
    min: EARLIEST_GRADUATION_YEAR,
    max: now.getUTCFullYear() + GRADUATION_YEARS_AHEAD,
  };
}
