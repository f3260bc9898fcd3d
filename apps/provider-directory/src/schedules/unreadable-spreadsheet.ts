import type { ImportMessage, ScheduleErrorCode } from '@medicalink/contracts';

type Place = Pick<ImportMessage, 'sheet' | 'row' | 'column'>;

// ScheduleErrorCode's values, written out and checked against it by the compiler: this module
// runs in the parse worker, which would take a second longer to start if it loaded the contracts.
const FILE_UNREADABLE =
  'SCHEDULE_FILE_UNREADABLE' satisfies typeof ScheduleErrorCode.FileUnreadable;
const FILE_TOO_LARGE = 'SCHEDULE_FILE_TOO_LARGE' satisfies typeof ScheduleErrorCode.FileTooLarge;

/**
 * The file cannot be read as a shift table at all (nothing to keep): unreadable, or past what
 * an import may cost to read. `finding` is what the import shows.
 */
export class UnreadableSpreadsheetError extends Error {
  constructor(readonly finding: ImportMessage) {
    super(finding.message);
  }

  static unreadable(message: string, at: Place = {}): UnreadableSpreadsheetError {
    return new UnreadableSpreadsheetError({ code: FILE_UNREADABLE, message, ...at });
  }

  static tooLarge(message: string, at: Place = {}): UnreadableSpreadsheetError {
    return new UnreadableSpreadsheetError({ code: FILE_TOO_LARGE, message, ...at });
  }
}
