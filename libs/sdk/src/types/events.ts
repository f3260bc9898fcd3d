/** The event types GET /events streams (the gateway's list, libs/contracts LIVE_EVENT_SOURCES). */
export type LiveEventType =
  | 'saga.started'
  | 'saga.step.succeeded'
  | 'saga.step.failed'
  | 'saga.completed'
  | 'saga.compensated'
  | 'saga.compensation_failed'
  | 'saga.compensation_retried'
  | 'schedule.import.phase.started'
  | 'schedule.import.phase.finished'
  | 'education.registration.transitioned'
  | 'education.registration.step.done'
  | 'education.registration.step.failed'
  | 'education.record.created'
  | 'doctor.profile.created'
  | 'doctor.profile.updated'
  | 'doctor.profile.deleted'
  | 'product.product.created'
  | 'product.target.replaced'
  | 'staff.account.updated'
  | 'staff.account.deleted';

export type LiveEventSubjectKind =
  'saga' | 'import' | 'registration' | 'record' | 'doctor' | 'product' | 'account';

/** One event of the stream: `data` is the event's payload, cut to what the caller may see. */
export interface LiveEvent {
  type: string;
  occurredAt: string;
  subject: { kind: LiveEventSubjectKind; id: string };
  data: Record<string, unknown>;
}

/** A streamed event with its id (resume after it with `lastEventId`). */
export type ReceivedLiveEvent = LiveEvent & { id: string; type: LiveEventType };

/**
 * What the stream itself says: `reset` (the missed events are no longer kept: reload state),
 * `overflow` (read too slowly; the subscription resumes), `end` (the token no longer holds),
 * `shutdown` (the gateway stops; the subscription reconnects), `error` (a failed connection).
 */
export interface LiveControl {
  event: 'reset' | 'overflow' | 'end' | 'shutdown' | 'error';
  reason: string;
}
