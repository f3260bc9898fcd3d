import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { currentContext, runInContext } from '../message-context';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';
import {
  continueTrace,
  currentTraceparent,
  extractTraceContext,
  injectTraceContext,
  inSpan,
  outsideTrace,
  spanEvent,
} from './tracing';

function logLines() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 't', pretty: false, destination }) };
}

describe('without the SDK', () => {
  it('runs the work with no span and logs no trace ids', async () => {
    const { lines, logger } = logLines();
    const seen = await inSpan('quiet', {}, (span) => {
      logger.info('inside');
      return span;
    });
    expect(seen).toBeUndefined();
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});

describe('with the SDK', () => {
  let tracing: InMemoryTracing;
  const exporter = { getFinishedSpans: () => tracing.spans() };
  beforeAll(async () => {
    tracing = await startInMemoryTracing();
  });
  afterEach(() => tracing.clear());
  afterAll(() => tracing.stop());

  it('nests spans, marks a throw failed, and records span events', async () => {
    await expect(
      inSpan('outer', {}, () =>
        inSpan('inner', {}, () => {
          spanEvent('messaging.retry_scheduled', { attempt: 2 });
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow('boom');

    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner?.name).toBe('inner');
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(inner?.status).toMatchObject({ code: 2, message: 'boom' });
    expect(inner?.events.map((event) => event.name)).toContain('messaging.retry_scheduled');
  });

  it('puts trace_id and span_id of the active span on every log line', async () => {
    const { lines, logger } = logLines();
    await inSpan('logged', {}, () => logger.info('inside'));
    logger.info('outside');

    const [span] = exporter.getFinishedSpans();
    expect(lines[0]).toMatchObject({
      trace_id: span?.spanContext().traceId,
      span_id: span?.spanContext().spanId,
    });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('carries the trace through AMQP headers (Buffer values too) and a stored traceparent', async () => {
    const headers: Record<string, unknown> = {};
    let stored: string | undefined;
    await inSpan('producer', {}, () => {
      injectTraceContext(headers);
      stored = currentTraceparent();
    });
    headers['traceparent'] = Buffer.from(String(headers['traceparent']));
    await inSpan('consumer', { parent: extractTraceContext(headers) }, () => undefined);
    await continueTrace(stored, () => inSpan('relay', {}, () => undefined));

    const [producer, consumer, relay] = exporter.getFinishedSpans();
    expect(consumer?.spanContext().traceId).toBe(producer?.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(relay?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
  });

  it('keeps background work scheduled inside a span out of its trace', async () => {
    await inSpan('request', {}, () => outsideTrace(() => inSpan('poll', {}, () => undefined)));

    const poll = exporter.getFinishedSpans().find((span) => span.name === 'poll');
    expect(poll?.parentSpanContext).toBeUndefined();
  });

  it('keeps the message context and the active span side by side in one storage', async () => {
    await inSpan('outer', {}, () =>
      runInContext({ correlationId: 'c-7' }, () =>
        inSpan('inner', {}, async () => {
          await Promise.resolve();
          expect(currentContext()?.correlationId).toBe('c-7');
        }),
      ),
    );

    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
  });
});
