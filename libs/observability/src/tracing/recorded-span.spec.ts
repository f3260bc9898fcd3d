import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { RecordedSpan, startRecordedSpan, type SpanPipeline } from './recorded-span';

function pipeline(sampler?: SpanPipeline['sampler']) {
  const memory = new InMemorySpanExporter();
  const spans: SpanPipeline = {
    resource: resourceFromAttributes({ 'service.name': 'spec' }),
    scope: { name: 'medicalink' },
    processor: new SimpleSpanProcessor(memory),
    sampler,
  };
  return { memory, spans };
}

describe('startRecordedSpan', () => {
  it('starts a root trace, and children of a local or remote parent in its trace', () => {
    const { memory, spans } = pipeline();
    const root = startRecordedSpan(spans, { name: 'root', kind: SpanKind.SERVER }, ROOT_CONTEXT);
    const child = startRecordedSpan(
      spans,
      { name: 'child', kind: SpanKind.CLIENT },
      trace.setSpan(ROOT_CONTEXT, root),
    );
    child.end();
    root.end();

    const [finishedChild, finishedRoot] = memory.getFinishedSpans();
    expect(finishedRoot?.parentSpanContext).toBeUndefined();
    expect(finishedRoot?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(finishedChild?.spanContext().traceId).toBe(finishedRoot?.spanContext().traceId);
    expect(finishedChild?.parentSpanContext?.spanId).toBe(finishedRoot?.spanContext().spanId);
    expect(finishedChild?.spanContext().spanId).not.toBe(finishedRoot?.spanContext().spanId);
    expect(finishedRoot?.duration[0]).toBeGreaterThanOrEqual(0);
  });

  it("follows an unsampled parent by default, and a configured sampler's decision", () => {
    const unsampledParent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: TraceFlags.NONE,
      isRemote: true,
    });
    const byDefault = pipeline();
    const child = startRecordedSpan(
      byDefault.spans,
      { name: 'child', kind: SpanKind.SERVER },
      unsampledParent,
    );
    expect(child.isRecording()).toBe(false);
    expect(child.spanContext().traceId).toBe('a'.repeat(32));

    const off = pipeline(new ParentBasedSampler({ root: new AlwaysOffSampler() }));
    const root = startRecordedSpan(
      off.spans,
      { name: 'root', kind: SpanKind.SERVER },
      ROOT_CONTEXT,
    );
    root.end();
    expect(root).not.toBeInstanceOf(RecordedSpan);
    expect(off.memory.getFinishedSpans()).toHaveLength(0);
  });

  it('changes a shared attribute for its own span only, and nothing after end()', () => {
    const { memory, spans } = pipeline();
    const shared = Object.freeze({ 'messaging.system': 'rabbitmq' });
    const span = startRecordedSpan(
      spans,
      { name: 'a', kind: SpanKind.INTERNAL, sharedAttributes: shared },
      ROOT_CONTEXT,
    );
    span.setAttribute('messaging.system', 'other');
    span.end();
    span.setAttribute('late', true);
    span.end();

    expect(shared).toEqual({ 'messaging.system': 'rabbitmq' });
    expect(memory.getFinishedSpans()).toHaveLength(1);
    expect(memory.getFinishedSpans()[0]?.attributes).toEqual({ 'messaging.system': 'other' });
  });
});
