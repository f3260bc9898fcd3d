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

export const fileUnreadable = (finding: ImportMessage) =>
  new DomainError(ScheduleErrorCode.FileUnreadable, finding.message, 422, { errors: [finding] });

export const versionNotFound = (id: string) =>
  new DomainError(ScheduleErrorCode.VersionNotFound, `Schedule version ${id} not found`, 404, {
    id,
  });

export const rosterHostNotAllowed = (host: string) =>
  new DomainError(
    ScheduleErrorCode.RosterHostNotAllowed,
    `Roster source host "${host}" is not on the allow-list (SCHEDULE_ROSTER_ALLOWED_HOSTS)`,
    400,
    { host },
  );

export const rosterUnreachable = (url: string, reason: string) =>
  new DomainError(
    ScheduleErrorCode.RosterUnreachable,
    `Roster source ${url} could not be fetched: ${reason}`,
    502,
    { url },
  );

export const rosterTimeout = (url: string, timeoutMs: number) =>
  new DomainError(
    ScheduleErrorCode.RosterTimeout,
    `Roster source ${url} did not answer within ${timeoutMs} ms`,
    504,
    { url, timeoutMs },
  );

export const rosterMalformed = (url: string, reason: string) =>
  new DomainError(
    ScheduleErrorCode.RosterMalformed,
    `Roster source ${url} sent no usable roster: ${reason}`,
    422,
    { url },
  );
