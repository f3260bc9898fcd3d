import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  childTraceparent,
  extractTraceContext,
  newCorrelationId,
  runInContext,
  SpanKind,
  SpanStatusCode,
  startSpan,
  traceparentOf,
  withSpan,
  type Logger,
  type Span,
} from '@medicalink/observability';

const CORRELATION_HEADER = 'x-correlation-id';
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** The server span of each traced request, ended in onResponse. */
const requestSpans = new WeakMap<FastifyRequest, Span>();

/**
 * Every HTTP request runs inside a message context, so logs and RPCs it makes
 * carry its correlation id; the id is echoed on every response. With tracing on it also runs
 * inside a server span, the child of the caller's W3C traceparent if it sent one.
 */
export function installHttpContext(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers[CORRELATION_HEADER];
    const correlationId =
      typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newCorrelationId();
    void reply.header(CORRELATION_HEADER, correlationId);
    const traceparent = request.headers['traceparent'];
    const parent = extractTraceContext(request.headers);
    const span = startSpan(request.method, {
      kind: SpanKind.SERVER,
      parent,
      attributes: {
        'http.request.method': request.method,
        'url.path': request.url.split('?')[0] ?? '',
        'url.scheme': request.protocol,
        'client.address': request.ip,
      },
    });
    if (span) requestSpans.set(request, span);
    withSpan(
      span,
      () =>
        runInContext(
          {
            correlationId,
            messageId: request.id,
            traceparent: span
              ? traceparentOf(span)
              : childTraceparent(typeof traceparent === 'string' ? traceparent : undefined),
          },
          done,
        ),
      parent,
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
    endRequestSpan(request, reply);
    done();
  });
}

function endRequestSpan(request: FastifyRequest, reply: FastifyReply): void {
  const span = requestSpans.get(request);
  if (!span) return;
  const route = request.routeOptions.url;
  if (route) {
    span.updateName(`${request.method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', reply.statusCode);
  // A 4xx is the client's mistake, not this server's: only a 5xx marks the span failed.
  if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
