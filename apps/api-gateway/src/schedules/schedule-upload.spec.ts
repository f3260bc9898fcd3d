import fastifyMultipart from '@fastify/multipart';
import { HttpException } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScheduleUpload } from './schedule-upload';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(fastifyMultipart, { limits: { fileSize: 1_024, files: 1, parts: 6 } });
  app.post('/upload', async (request, reply) => {
    try {
      const upload = await readScheduleUpload(request, 1_024);
      return { fileName: upload.fileName, bytes: upload.content.length };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error; // a 500
      return reply.status(error.getStatus()).send(error.getResponse());
    }
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const post = (payload: string) =>
  app.inject({
    method: 'POST',
    url: '/upload',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    payload,
  });

describe('readScheduleUpload', () => {
  it('reads a well-formed form', async () => {
    const reply = await post(
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ndate\r\n--x--\r\n',
    );
    expect(reply.json()).toEqual({ fileName: 'a.csv', bytes: 4 });
  });

  it.each([
    [
      'a truncated part',
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ndate',
    ],
    ['no part at all', 'not multipart at all'],
  ])('answers 400 naming a malformed body for %s, not 500', async (_name, payload) => {
    const reply = await post(payload);

    expect(reply.statusCode).toBe(400);
    expect(JSON.stringify(reply.json())).toContain('Malformed multipart/form-data body');
  });
});
