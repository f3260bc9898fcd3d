import { ScheduleErrorCode, type ImportMessage } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

/** Phase 1 found nothing to keep: the import fails, the row errors say why. */
export const noValidRows = (rowCount: number, errors: ImportMessage[], omitted: number) =>
  new DomainError(
    ScheduleErrorCode.NoValidRows,
    rowCount === 0
      ? 'The spreadsheet has no shift rows below its header'
      : `None of the ${rowCount} rows of the spreadsheet is a valid shift`,
    422,
    { errors, omittedErrors: omitted },
  );

/** SCHEDULE_FILE_UNREADABLE or SCHEDULE_FILE_TOO_LARGE, as the finding says. */
export const fileUnreadable = (finding: ImportMessage) =>
  new DomainError(finding.code, finding.message, 422, { errors: [finding] });

export const versionNotFound = (id: string) =>
  new DomainError(ScheduleErrorCode.VersionNotFound, `Schedule version ${id} not found`, 404, {
    id,
  });

/*
 * Roster source failures. Their messages are fixed sentences: they reach whoever reads the
 * import, so they never carry the URL (its query often holds a key), the source's own words or
 * a socket's; `details.source` (host:port) is for the operators who read the saga journal.
 */

export const rosterFetchDisabled = () =>
  new DomainError(
    ScheduleErrorCode.RosterFetchDisabled,
    'Roster fetching is off: no roster source is allowed until ROSTER_SOURCE_ALLOW names its host:port',
    400,
  );

export const rosterHostNotAllowed = (source: string) =>
  new DomainError(
    ScheduleErrorCode.RosterHostNotAllowed,
    "The roster source's host and port are not on the allow-list (ROSTER_SOURCE_ALLOW)",
    400,
    { source },
  );

export const rosterAddressNotAllowed = (source: string, kinds: readonly string[]) =>
  new DomainError(
    ScheduleErrorCode.RosterAddressNotAllowed,
    `The roster source's host resolves to a ${kinds.join(' or ')} address, which ROSTER_SOURCE_ALLOW does not name`,
    400,
    { source },
  );

export const rosterUnreachable = (source: string, why: string) =>
  new DomainError(
    ScheduleErrorCode.RosterUnreachable,
    `The roster source could not be fetched: ${why}`,
    502,
    { source },
  );

export const rosterTimeout = (source: string, timeoutMs: number) =>
  new DomainError(
    ScheduleErrorCode.RosterTimeout,
    `The roster source did not answer within ${timeoutMs} ms`,
    504,
    { source, timeoutMs },
  );

export const rosterMalformed = (source: string, why: string) =>
  new DomainError(
    ScheduleErrorCode.RosterMalformed,
    `The roster source sent no usable roster: ${why}`,
    422,
    { source },
  );
