import { z } from 'zod';
import { SERVICE_NAMES } from '../common/define';
import { PaginatedResponse, PaginationQuery } from '../common/pagination';

/** /admin/dead-letters/:service */
export const DeadLetterServiceParams = z.object({
  service: z.enum(SERVICE_NAMES, { message: `must be one of ${SERVICE_NAMES.join(', ')}` }),
});
export type DeadLetterServiceParams = z.infer<typeof DeadLetterServiceParams>;

export const DeadLettersQuery = PaginationQuery.strict();
export type DeadLettersQuery = z.infer<typeof DeadLettersQuery>;

export const DeadLetterView = z.object({
  id: z.string(),
  pattern: z.string().nullable(),
  /** where a replay sends it */
  queue: z.string(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  errorStatus: z.number().nullable(),
  attempts: z.number().nullable(),
  failedAt: z.string().nullable(),
  correlationId: z.string().nullable(),
  /** each value cut to 2,000 characters */
  headers: z.record(z.string(), z.string()),
  /**
   * password, token and secret fields masked; past 8 KiB a preview (long strings and arrays
   * cut, marked "…(n more …)"), and null once the page's 256 KiB for bodies is spent
   */
  body: z.unknown(),
  /** the size of the message body in the queue */
  bodyBytes: z.number().int().min(0),
  /** whether `body` is less than the whole payload */
  bodyTruncated: z.boolean(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const DeadLettersPage = PaginatedResponse(DeadLetterView);

export const ReplayDeadLettersBody = z
  .object({
    /** the ids GET lists; all messages when omitted */
    messageIds: z.array(z.string().min(1).max(200)).min(1).max(1_000).optional(),
  })
  .strict();
export type ReplayDeadLettersBody = z.infer<typeof ReplayDeadLettersBody>;

export const ReplayDeadLettersResponse = z.object({ replayed: z.number().int().min(0) });
