/**
 * `work`, or a rejection once `ms` pass without its answer; the timer is cleared either way.
 * Built on one promise (no Promise.race), as it wraps every call on hot Redis paths. The
 * abandoned work may still finish later; its outcome is then ignored.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  message = `no answer within ${ms} ms`,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the work's own rejection, passed on unchanged
        reject(error);
      },
    );
  });
}
