import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { startOtlpCollector } from './otlp-collector';

/** Two spans of one trace, as an app records them: attributes of each type, an event, an error. */
function recordSpans() {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'spec' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('medicalink');
  const parent = tracer.startSpan('POST /doctors', {
    kind: 1,
    attributes: { s: 'ü', i: 42, negative: -3, d: 1.5, b: true, list: ['a', 'b'] },
  });
  parent.addEvent('rpc.retry', { 'medicalink.messaging.attempt': 2 });
  parent.setStatus({ code: 2, message: 'boom' });
  const child = tracer.startSpan('send accounts.account.create', { kind: 2 });
  child.end();
  parent.end();
  return memory.getFinishedSpans();
}

async function post(url: string, contentType: string, body: Uint8Array) {
  const response = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { type: response.headers.get('content-type'), body: await response.arrayBuffer() };
}

describe('startOtlpCollector', () => {
  const collectors: { close(): Promise<void> }[] = [];
  afterAll(() => Promise.all(collectors.map((collector) => collector.close())));

  it('reads OTLP protobuf exports as it reads JSON ones, and answers in the same encoding', async () => {
    const spans = recordSpans();
    const fromJson = await startOtlpCollector();
    const fromProtobuf = await startOtlpCollector();
    collectors.push(fromJson, fromProtobuf);

    const json = await post(
      fromJson.url,
      'application/json',
      JsonTraceSerializer.serializeRequest(spans)!,
    );
    const protobuf = await post(
      fromProtobuf.url,
      'application/x-protobuf',
      ProtobufTraceSerializer.serializeRequest(spans)!,
    );

    expect(fromProtobuf.spans()).toEqual(fromJson.spans());
    expect(fromProtobuf.spans()).toHaveLength(2);
    expect(fromProtobuf.spans()[1]).toMatchObject({
      service: 'spec',
      name: 'POST /doctors',
      kind: 2,
      parentSpanId: undefined,
      attributes: { s: 'ü', i: 42, negative: -3, d: 1.5, b: true, list: ['a', 'b'] },
      events: [{ name: 'rpc.retry', attributes: { 'medicalink.messaging.attempt': 2 } }],
      statusCode: 2,
    });
    expect(json).toEqual({ type: 'application/json', body: expect.any(ArrayBuffer) });
    expect(protobuf.type).toBe('application/x-protobuf');
    expect(protobuf.body.byteLength).toBe(0); // an empty ExportTraceServiceResponse
  });
});
