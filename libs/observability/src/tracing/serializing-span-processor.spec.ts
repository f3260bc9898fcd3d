import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { OtlpProtocol, SpanBatchExporter } from './otlp-exporter';
import { startRecordedSpan } from './recorded-span';
import { SerializingSpanProcessor } from './serializing-span-processor';
import type { SpanBatchRequest } from './span-batch';

const resource = resourceFromAttributes({ 'service.name': 'spec' });

/** Spans of every shape an app makes: attributes of each type, events, links, error status. */
function recordSpans(providerOf: (processor: SimpleSpanProcessor) => BasicTracerProvider) {
  const memory = new InMemorySpanExporter();
  const provider = providerOf(new SimpleSpanProcessor(memory));
  const tracer = provider.getTracer('medicalink');
  const pg = provider.getTracer('pg-instrumentation', '1.2.3');
  const parent = tracer.startSpan('parent é"quoted"', {
    attributes: {
      s: 'text "with" \\ and ü',
      i: 42,
      negative: -3,
      large: 2 ** 40,
      d: 1.5,
      b: false,
      list: ['a', 'b'],
    },
  });
  parent.addEvent('rpc.retry', { 'medicalink.messaging.attempt': 2 });
  parent.setStatus({ code: 2, message: 'boom' });
  const child = pg.startSpan('SELECT', {
    kind: 2,
    links: [{ context: parent.spanContext(), attributes: { why: 'resumed' } }],
  });
  child.end();
  parent.end();
  return memory.getFinishedSpans();
}

/** OTLP JSON as a set of facts, whatever the key order or int64 spelling (string or number). */
function normalized(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => {
    if (key === 'intValue' || key.endsWith('UnixNano')) return String(value);
    if ((key.startsWith('dropped') && value === 0) || value === null) return undefined;
    if ((key === 'events' || key === 'links') && Array.isArray(value) && value.length === 0)
      return undefined;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
    return value;
  });
}

class RecordingExporter implements SpanBatchExporter {
  readonly bodies: Buffer[] = [];
  answer: ExportResult = { code: ExportResultCode.SUCCESS };
  private held: (() => void)[] = [];
  hold = false;

  export(batch: SpanBatchRequest, done: (result: ExportResult) => void): void {
    this.bodies.push(Buffer.from(batch.body)); // the batch reuses its body's buffer
    if (this.hold) this.held.push(() => done(this.answer));
    else done(this.answer);
  }

  release(): void {
    for (const done of this.held.splice(0)) done();
  }

  async shutdown(): Promise<void> {}
}

const settings = { maxExportBatchSize: 512, maxQueueSize: 2048, scheduledDelayMillis: 60_000 };

/** The one request body a processor sends for these spans. */
async function exportOnce(spans: readonly ReadableSpan[], protocol: OtlpProtocol): Promise<Buffer> {
  const exporter = new RecordingExporter();
  const processor = new SerializingSpanProcessor(exporter, settings, protocol);
  for (const span of spans) processor.onEnd(span);
  await processor.forceFlush();
  expect(exporter.bodies).toHaveLength(1);
  return exporter.bodies[0]!;
}

describe('SerializingSpanProcessor', () => {
  it("writes the same OTLP JSON document as the SDK's own serializer", async () => {
    const spans = recordSpans(
      (processor) => new BasicTracerProvider({ resource, spanProcessors: [processor] }),
    );
    const exporter = new RecordingExporter();
    const processor = new SerializingSpanProcessor(exporter, settings, 'http/json');
    for (const span of spans) processor.onEnd(span);
    await processor.forceFlush();

    expect(exporter.bodies).toHaveLength(1);
    const sdk = Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
    expect(normalized(exporter.bodies[0]!.toString('utf8'))).toEqual(
      normalized(sdk.toString('utf8')),
    );
    expect(processor.spanCounts()).toEqual({ ended: 2, exported: 2, dropped: 0, failed: 0 });
  });

  it("writes our own spans (shared attributes, microsecond times) as the SDK's serializer does", async () => {
    const memory = new InMemorySpanExporter();
    const pipeline = {
      resource,
      scope: { name: 'medicalink' },
      processor: new SimpleSpanProcessor(memory),
    };
    const shared = Object.freeze({ 'messaging.system': 'rabbitmq', 'medicalink.pattern': 'a.b' });
    const client = startRecordedSpan(
      pipeline,
      { name: 'send a.b', kind: SpanKind.CLIENT, sharedAttributes: shared },
      ROOT_CONTEXT,
    );
    const server = startRecordedSpan(
      pipeline,
      {
        name: 'process a.b',
        kind: SpanKind.SERVER,
        sharedAttributes: shared,
        attributes: { 'messaging.message.id': 'm-1', 'medicalink.attempt': 2 },
      },
      trace.setSpanContext(ROOT_CONTEXT, { ...client.spanContext(), isRemote: true }),
    );
    server.setAttribute('medicalink.pattern', 'overridden');
    server.recordException(new Error('boom'));
    server.setStatus({ code: 2, message: 'boom' });
    server.end();
    client.end();
    const spans = memory.getFinishedSpans();
    expect(spans[0]?.attributes).toEqual({
      'messaging.system': 'rabbitmq',
      'medicalink.pattern': 'overridden',
      'messaging.message.id': 'm-1',
      'medicalink.attempt': 2,
    });
    expect(spans[1]?.attributes).toEqual(shared);

    const [json, protobuf] = await Promise.all([
      exportOnce(spans, 'http/json'),
      exportOnce(spans, 'http/protobuf'),
    ]);
    const sdkJson = Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
    expect(normalized(json.toString('utf8'))).toEqual(normalized(sdkJson.toString('utf8')));
    expect(protobuf).toEqual(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));
  });

  it("writes OTLP protobuf byte for byte as the SDK's own serializer", async () => {
    const spans = recordSpans(
      (processor) => new BasicTracerProvider({ resource, spanProcessors: [processor] }),
    );
    const body = await exportOnce(spans, 'http/protobuf');
    expect(body).toEqual(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));
  });

  it('exports a full batch at once and keeps later spans for the next export', async () => {
    const spans = recordSpans(
      (processor) => new BasicTracerProvider({ resource, spanProcessors: [processor] }),
    );
    const exporter = new RecordingExporter();
    exporter.hold = true;
    const processor = new SerializingSpanProcessor(
      exporter,
      { ...settings, maxExportBatchSize: 2 },
      'http/protobuf',
    );
    for (const span of spans) processor.onEnd(span);
    expect(exporter.bodies).toHaveLength(1);
    for (const span of spans) processor.onEnd(span);
    expect(exporter.bodies).toHaveLength(1); // one export in flight at a time
    exporter.hold = false;
    exporter.release();
    await processor.forceFlush();
    expect(exporter.bodies).toHaveLength(2);
    expect(processor.spanCounts()).toEqual({ ended: 4, exported: 4, dropped: 0, failed: 0 });
  });

  it('counts the spans it drops when the queue is full and those whose export failed', async () => {
    const spans = recordSpans(
      (processor) => new BasicTracerProvider({ resource, spanProcessors: [processor] }),
    );
    const exporter = new RecordingExporter();
    exporter.hold = true;
    exporter.answer = { code: ExportResultCode.FAILED };
    const processor = new SerializingSpanProcessor(
      exporter,
      { ...settings, maxExportBatchSize: 2, maxQueueSize: 3 },
      'http/json',
    );
    for (const span of [...spans, ...spans]) processor.onEnd(span);
    exporter.hold = false;
    exporter.release();
    await processor.forceFlush();
    expect(processor.spanCounts()).toEqual({ ended: 4, exported: 0, dropped: 1, failed: 3 });
  });
});
