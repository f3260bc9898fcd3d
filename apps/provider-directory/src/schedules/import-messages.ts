import type { ImportMessage } from '@medicalink/contracts';

/** Findings listed per phase; the rest are counted, so a file of bad rows stays a small reply. */
export const MESSAGE_LIST_LIMIT = 200;

/** The first MESSAGE_LIST_LIMIT of `messages`, and how many of `total` (all of them by default) are left out. */
export function capMessages(
  messages: readonly ImportMessage[],
  total = messages.length,
): {
  listed: ImportMessage[];
  omitted: number;
  /** an info saying how many were left out, if any */
  note: ImportMessage[];
} {
  const listed = messages.slice(0, MESSAGE_LIST_LIMIT);
  const omitted = total - listed.length;
  const note =
    omitted > 0
      ? [
          {
            code: 'MESSAGES_OMITTED',
            message: `${omitted} more findings like these are not listed`,
          },
        ]
      : [];
  return { listed, omitted, note };
}
