import type { FastifyInstance } from 'fastify';
import {
  childTraceparent,
  newCorrelationId,
  runInContext,
  type Logger,
} from '@medicalink/observability';

const CORRELATION_HEADER = 'x-correlation-id';
const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * Every HTTP request runs inside a message context, so logs and RPCs it makes
 * carry its correlation id; the id is echoed on every response.
 */
export function installHttpContext(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers[CORRELATION_HEADER];
    const correlationId =
      typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newCorrelationId();
    void reply.header(CORRELATION_HEADER, correlationId);
    const traceparent = request.headers['traceparent'];
    runInContext(
      {
        correlationId,
        messageId: request.id,
        traceparent: childTraceparent(typeof traceparent === 'string' ? traceparent : undefined),
      },
      done,
    );
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0] ?? '';
    const level = QUIET_PATHS.has(path) ? 'debug' : 'info';
    logger[level](
      {
        method: request.method,
        path,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
        correlationId: reply.getHeader(CORRELATION_HEADER),
      },
      'request completed',
    );
    done();
  });
}
