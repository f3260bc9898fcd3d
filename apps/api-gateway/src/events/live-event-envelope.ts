import type { LiveEvent, LiveEventSubject } from '@medicalink/contracts';

type Payload = Record<string, unknown>;

/** What each event family is about: the subject kind and the payload field naming it. */
const SUBJECTS: readonly [prefix: string, kind: LiveEventSubject['kind'], idField: string][] = [
  ['saga.', 'saga', 'sagaId'],
  ['schedule.import.', 'import', 'importId'],
  ['education.registration.', 'registration', 'sessionId'],
  ['education.record.', 'record', 'id'],
  ['doctor.', 'doctor', 'doctorId'],
  ['product.', 'product', 'productId'],
  ['staff.account.', 'account', 'accountId'],
];

/** A domain event as the stream carries it: `{ type, occurredAt, subject, data }`. */
export function toLiveEvent(type: string, payload: Payload, receivedAt: Date): LiveEvent | null {
  const match = SUBJECTS.find(([prefix]) => type.startsWith(prefix));
  if (!match) return null;
  const [, kind, idField] = match;
  const id = payload[idField];
  if (typeof id !== 'string') return null;
  return {
    type,
    occurredAt: timestampOf(payload) ?? receivedAt.toISOString(),
    subject: { kind, id },
    data: payload,
  };
}

function timestampOf(payload: Payload): string | undefined {
  for (const field of ['occurredAt', 'at', 'createdAt']) {
    const value = payload[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
