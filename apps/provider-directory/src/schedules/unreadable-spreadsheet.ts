import { ScheduleErrorCode, type ImportMessage } from '@medicalink/contracts';

type Place = Pick<ImportMessage, 'sheet' | 'row' | 'column'>;

/**
 * The file cannot be read as a shift table at all (nothing to keep): unreadable, or past what
 * an import may cost to read. `finding` is what the import shows.
 */
export class UnreadableSpreadsheetError extends Error {
  constructor(readonly finding: ImportMessage) {
    super(finding.message);
  }

  static unreadable(message: string, at: Place = {}): UnreadableSpreadsheetError {
    return new UnreadableSpreadsheetError({
      code: ScheduleErrorCode.FileUnreadable,
      message,
      ...at,
    });
  }

  static tooLarge(message: string, at: Place = {}): UnreadableSpreadsheetError {
    return new UnreadableSpreadsheetError({
      code: ScheduleErrorCode.FileTooLarge,
      message,
      ...at,
    });
  }
}
