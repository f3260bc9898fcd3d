/**
 * Worker thread entry: parses one schedule file and posts the outcome. It runs with a bounded
 * heap and under a deadline (SpreadsheetParser), so a file that makes the parser run away costs
 * this thread, never the service.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportMessage, ScheduleFileType } from '@medicalink/contracts';
import {
  parseShiftSpreadsheet,
  UnreadableSpreadsheetError,
  type ParsedSpreadsheet,
  type SpreadsheetLimits,
} from './shift-spreadsheet';

export interface ParseJob {
  content: Uint8Array;
  fileType: ScheduleFileType;
  limits: SpreadsheetLimits;
}

export type ParseOutcome =
  | { parsed: ParsedSpreadsheet }
  /** the file is refused, with what the import shows */
  | { refused: ImportMessage }
  /** the parser threw something else */
  | { failed: string };

function run({ content, fileType, limits }: ParseJob): ParseOutcome {
  try {
    const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    return { parsed: parseShiftSpreadsheet(bytes, fileType, limits) };
  } catch (error) {
    if (error instanceof UnreadableSpreadsheetError) return { refused: error.finding };
    return { failed: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

parentPort?.postMessage(run(workerData as ParseJob));
