import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Multipart uploads (POST /schedules/imports), bounded: one file of at most `maxFileBytes`,
 * a few short text fields. Over a limit the parser raises a 413 error (the file is not kept).
 */
export async function installMultipart(
  app: NestFastifyApplication,
  maxFileBytes: number,
): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: maxFileBytes,
      files: 1,
      fields: 5,
      fieldNameSize: 100,
      fieldSize: 4_096,
      parts: 6,
      headerPairs: 50,
    },
    throwFileSizeLimit: true,
  });
}
