import { z } from 'zod';
import { staffAccountDeleted, staffAccountUpdated } from '../accounts/account.events';
import type { EventPayload } from '../common/define';
import { Timestamp } from '../common/fields';
import {
  doctorProfileCreated,
  doctorProfileDeleted,
  doctorProfileUpdated,
} from '../directory/doctor.events';
import { educationRecordCreated } from '../education/record.events';
import {
  educationRegistrationStepDone,
  educationRegistrationStepFailed,
  educationRegistrationTransitioned,
} from '../orchestrator/education-registration.events';
import { SAGA_EVENTS } from '../orchestrator/saga.events';
import {
  scheduleImportPhaseFinished,
  scheduleImportPhaseStarted,
} from '../orchestrator/schedule-import.events';
import { productCreated, productTargetReplaced } from '../product/product.events';

/**
 * The domain and saga events GET /events streams (to whom: the gateway's visibility rules).
 * `staff.account.created` is left out: nobody but the creator needs it, and it names the
 * account's e-mail before its owner has signed in.
 */
export const LIVE_EVENT_SOURCES = [
  ...SAGA_EVENTS,
  scheduleImportPhaseStarted,
  scheduleImportPhaseFinished,
  educationRegistrationTransitioned,
  educationRegistrationStepDone,
  educationRegistrationStepFailed,
  educationRecordCreated,
  doctorProfileCreated,
  doctorProfileUpdated,
  doctorProfileDeleted,
  productCreated,
  productTargetReplaced,
  staffAccountUpdated,
  staffAccountDeleted,
] as const;

type LiveSource = (typeof LIVE_EVENT_SOURCES)[number];
export type LiveEventType = LiveSource['name'];

export const LIVE_EVENT_TYPES: readonly LiveEventType[] = LIVE_EVENT_SOURCES.map((e) => e.name);

export const LiveEventSubject = z.object({
  kind: z.enum(['saga', 'import', 'registration', 'record', 'doctor', 'product', 'account']),
  id: z.string(),
});
export type LiveEventSubject = z.infer<typeof LiveEventSubject>;

/** One event of the stream (the SSE `data`): the payload cut to what the caller may see. */
export const LiveEvent = z.object({
  type: z.string(),
  occurredAt: Timestamp,
  subject: LiveEventSubject,
  data: z.record(z.string(), z.unknown()),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

/** A stream event typed by its name; fields may be cut for callers who may not see them. */
export type LiveEventOf<T extends LiveEventType> = Omit<LiveEvent, 'type' | 'data'> & {
  type: T;
  data: Partial<EventPayload<Extract<LiveSource, { name: T }>>>;
};
export type AnyLiveEvent = { [T in LiveEventType]: LiveEventOf<T> }[LiveEventType];

/** Event ids: the replay log's (Redis Streams) `<ms>-<seq>`, increasing along a stream. */
export const LiveEventId = z
  .string()
  .regex(/^\d{1,20}-\d{1,20}$/, 'must be an event id as sent (<ms>-<seq>)');

/**
 * Events the stream itself sends: `reset` (the id to resume from is older than the replay log:
 * reload state, the stream goes on from now), `overflow` (the client read too slowly and is cut
 * off), `end` (the token was revoked or expired), `shutdown` (the gateway is stopping;
 * reconnect after the `retry:` hint).
 */
export const LIVE_CONTROL_EVENTS = ['reset', 'overflow', 'end', 'shutdown'] as const;
export type LiveControlEvent = (typeof LIVE_CONTROL_EVENTS)[number];
export const LiveControlData = z.object({ reason: z.string() });

export const EventsQuery = z
  .object({
    /** comma list of type prefixes: `saga.,schedule.import.` */
    types: z
      .string()
      .max(500)
      .regex(/^[a-z0-9._,-]*$/, 'must be a comma list of event type prefixes')
      .optional(),
    /** as the Last-Event-ID header (for clients that cannot set headers) */
    lastEventId: LiveEventId.optional(),
  })
  .strict();
export type EventsQuery = z.infer<typeof EventsQuery>;

export const EventsHeaders = z.object({ 'last-event-id': LiveEventId.optional() });
export type EventsHeaders = z.infer<typeof EventsHeaders>;

/** `types` as a list of prefixes; empty when every type is asked for. */
export function eventTypePrefixes(types: string | undefined): string[] {
  return (types ?? '')
    .split(',')
    .map((prefix) => prefix.trim())
    .filter((prefix) => prefix.length > 0);
}

export function matchesTypePrefixes(type: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => type.startsWith(prefix));
}
