/** One error-level log line, as operators see it (no stack, no payload). */
export interface RecentError {
  at: string;
  message: string;
  /** the domain error code, when the line names one */
  code?: string;
  /** the message pattern being handled, when there was one */
  pattern?: string;
}

const MAX_MESSAGE = 300;

/**
 * The last `capacity` error-level log lines of this process, newest first, and how many there
 * were since it started: what an operator looks at first when a service misbehaves, without
 * access to its log files. Bounded, so a storm of errors costs a fixed amount of memory.
 */
export class RecentErrors {
  private readonly entries: RecentError[] = [];
  private count = 0;

  constructor(private readonly capacity = 50) {}

  /** From a pino log call's arguments: `(message)` or `(fields, message?)`. */
  recordLogCall(args: readonly unknown[], at = new Date()): void {
    const [first, second] = args;
    const fields =
      typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
    const err = fields['err'] instanceof Error ? fields['err'] : fields['error'];
    const text =
      typeof first === 'string'
        ? first
        : typeof second === 'string'
          ? second
          : err instanceof Error
            ? err.message
            : 'error';
    const code = typeof fields['code'] === 'string' ? fields['code'] : codeOf(err);
    const pattern = typeof fields['pattern'] === 'string' ? fields['pattern'] : undefined;
    this.record({
      at: at.toISOString(),
      message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text,
      ...(code ? { code } : {}),
      ...(pattern ? { pattern } : {}),
    });
  }

  record(entry: RecentError): void {
    this.count += 1;
    this.entries.unshift(entry);
    if (this.entries.length > this.capacity) this.entries.length = this.capacity;
  }

  /** newest first */
  list(limit = this.capacity): { total: number; errors: RecentError[] } {
    return { total: this.count, errors: this.entries.slice(0, limit) };
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
