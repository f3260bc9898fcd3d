import type { JwtClaims, LiveEvent } from '@medicalink/contracts';

export type Viewer = Pick<JwtClaims, 'sub' | 'privilege'>;

/** What an owner may see of a public doctor change: the directory's public fields. */
const PUBLIC_DOCTOR_FIELDS = ['doctorId', 'displayName', 'specialty', 'isActive', 'changed'];

/**
 * The event as this viewer may see it, or null. Admin and main see every event whole. An owner
 * sees events about their own account and registrations (and the records those create), and
 * changes of active doctors cut to their public fields (a removed doctor by id only); no saga,
 * import or product event, and never another account's personal data.
 */
export function visibleTo(event: LiveEvent, viewer: Viewer): LiveEvent | null {
  if (viewer.privilege === 'admin' || viewer.privilege === 'main') return event;
  const { data } = event;
  switch (event.type) {
    case 'staff.account.updated':
    case 'staff.account.deleted':
    case 'education.record.created':
      return data['accountId'] === viewer.sub ? event : null;
    case 'education.registration.transitioned':
    case 'education.registration.step.done':
    case 'education.registration.step.failed':
      return (data['owner'] ?? data['by']) === viewer.sub ? event : null;
    case 'doctor.profile.created':
    case 'doctor.profile.updated':
      return data['isActive'] === true ? withData(event, pick(data, PUBLIC_DOCTOR_FIELDS)) : null;
    case 'doctor.profile.deleted':
      return withData(event, pick(data, ['doctorId']));
    default:
      return null;
  }
}

/** Whether the viewer sees this event whole, as every admin and main does. */
export function seesEverything(viewer: Viewer): boolean {
  return viewer.privilege === 'admin' || viewer.privilege === 'main';
}

function withData(event: LiveEvent, data: Record<string, unknown>): LiveEvent {
  return { ...event, data };
}

function pick(data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in data).map((f) => [f, data[f]]));
}
