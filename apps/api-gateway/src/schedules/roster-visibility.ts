import type { Hospital, JwtClaims, ScheduleImportView } from '@medicalink/contracts';
import { isAtLeast } from '../auth/privileges';

/*
 * Roster URLs often carry an access key, and who started an import is staff information: both
 * go to admin and main only; other callers get them as null. (The services never send a URL's
 * credentials or query in the first place.)
 */

export function importVisibleTo(caller: JwtClaims, view: ScheduleImportView): ScheduleImportView {
  if (isAtLeast(caller.privilege, 'admin')) return view;
  return { ...view, rosterSourceUrl: null, startedBy: null };
}

export function hospitalVisibleTo(caller: JwtClaims, hospital: Hospital): Hospital {
  if (isAtLeast(caller.privilege, 'admin')) return hospital;
  return { ...hospital, rosterSourceUrl: null };
}
