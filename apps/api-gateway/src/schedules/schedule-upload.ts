import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { SCHEDULE_FILE_TYPES, type ScheduleFileType } from '@medicalink/contracts';
import type { FastifyRequest } from 'fastify';

export interface ScheduleUpload {
  fields: Record<string, string>;
  fileName: string;
  fileType: ScheduleFileType;
  content: Buffer;
}

/**
 * Reads the multipart form of POST /schedules/imports: the text fields and the one `file` part,
 * whose type is told by its extension (.ods, .xlsx, .csv). Every part is consumed even after a
 * problem, so the connection stays usable; the problem is then thrown as a 4xx.
 */
export async function readScheduleUpload(
  request: FastifyRequest,
  maxFileBytes: number,
): Promise<ScheduleUpload> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeException(
      'POST /schedules/imports takes multipart/form-data with a `file` part',
    );
  }
  const fields: Record<string, string> = {};
  let file: { name: string; type: ScheduleFileType; content: Buffer } | undefined;
  let problem: Error | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const type = fileTypeOf(part.filename);
      if (part.fieldname !== 'file' || file || !type || problem) {
        part.file.resume();
        problem ??=
          part.fieldname !== 'file'
            ? badRequest(`${part.fieldname}: unexpected file part (the file goes in \`file\`)`)
            : file
              ? badRequest('file: only one file per import')
              : new UnsupportedMediaTypeException(
                  `file must be a .ods, .xlsx or .csv spreadsheet (got "${part.filename}")`,
                );
        continue;
      }
      file = { name: part.filename, type, content: await part.toBuffer() };
    }
  } catch (error) {
    const { code, statusCode } = error as { code?: string; statusCode?: number };
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new PayloadTooLargeException(
        `file is larger than the limit of ${maxFileBytes} bytes (SCHEDULE_MAX_FILE_BYTES)`,
      );
    }
    if (statusCode === 413) {
      throw new PayloadTooLargeException(
        'The form has too many parts: send `file`, `hospitalId` and optionally `rosterSourceUrl`',
      );
    }
    // Anything else the form's parser refuses (a missing boundary, a truncated part, a bad
    // header) is the sender's malformed body, not a fault of ours.
    throw badRequest(
      `Malformed multipart/form-data body: ${error instanceof Error ? error.message : String(error)}`.slice(
        0,
        300,
      ),
    );
  }
  if (problem) throw problem;
  if (!file) throw badRequest('file: is required (a .ods, .xlsx or .csv spreadsheet)');
  if (file.content.length === 0) throw badRequest('file: is empty');
  return { fields, fileName: file.name, fileType: file.type, content: file.content };
}

function fileTypeOf(fileName: string): ScheduleFileType | undefined {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  return (SCHEDULE_FILE_TYPES as readonly string[]).includes(extension)
    ? (extension as ScheduleFileType)
    : undefined;
}

function badRequest(error: string): BadRequestException {
  return new BadRequestException({ message: 'Validation failed', errors: [error] });
}
