import type { Attributes, AttributeValue, HrTime, Link } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { ProtoWriter } from './proto-writer';
import { RecordedSpan } from './recorded-span';
import type { Scope } from './span-batch';

/**
 * OTLP's protobuf encoding of an export request (ExportTraceServiceRequest), written straight
 * from finished spans into bytes, field for field and in the order the SDK's own protobuf
 * serializer writes them (the spec compares the bytes). A span is written when it ends, as a
 * `spans` field of its scope's ScopeSpans; the request is assembled around those bytes at export.
 *
 * Field numbers: opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
 */
const Span = {
  TraceId: 1,
  SpanId: 2,
  TraceState: 3,
  ParentSpanId: 4,
  Name: 5,
  Kind: 6,
  StartTime: 7,
  EndTime: 8,
  Attributes: 9,
  DroppedAttributes: 10,
  Events: 11,
  DroppedEvents: 12,
  Links: 13,
  DroppedLinks: 14,
  Status: 15,
  Flags: 16,
} as const;

/** ScopeSpans.spans: the field each span is written as. */
const SCOPE_SPANS_SPAN = 2;

const TWO_32 = 0x1_0000_0000;
const TWO_16 = 0x1_0000;

/** Span flags: the W3C trace flags, and whether the parent was remote (OTLP's bits 8 and 9). */
function flagsOf(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** Appends a finished span to `out` as a ScopeSpans `spans` field. */
export function writeSpanProtobuf(span: ReadableSpan, out: ProtoWriter): void {
  const mark = out.begin(SCOPE_SPANS_SPAN);
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  out.hexField(Span.TraceId, context.traceId);
  out.hexField(Span.SpanId, context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) out.stringField(Span.TraceState, traceState);
  if (parent?.spanId) out.hexField(Span.ParentSpanId, parent.spanId);
  out.stringField(Span.Name, span.name);
  out.uintField(Span.Kind, span.kind + 1);
  if (span instanceof RecordedSpan) {
    // our own spans: times kept in microseconds, shared attributes encoded once for all spans
    writeMicros(out, Span.StartTime, span.startUs);
    writeMicros(out, Span.EndTime, span.endUs);
    out.raw(sharedAttributesProtobuf(span.sharedAttributes));
    if (span.ownAttributes) writeAttributes(out, Span.Attributes, span.ownAttributes);
  } else {
    writeHrTime(out, Span.StartTime, span.startTime);
    writeHrTime(out, Span.EndTime, span.endTime);
    writeAttributes(out, Span.Attributes, span.attributes);
  }
  out.uintField(Span.DroppedAttributes, span.droppedAttributesCount);
  for (const event of span.events) writeEvent(out, event);
  out.uintField(Span.DroppedEvents, span.droppedEventsCount);
  for (const link of span.links) writeLink(out, link);
  out.uintField(Span.DroppedLinks, span.droppedLinksCount);
  const status = out.begin(Span.Status);
  if (span.status.message) out.stringField(2, span.status.message);
  out.uintField(3, span.status.code);
  out.end(status);
  out.fixed32Field(Span.Flags, flagsOf(context.traceFlags, parent?.isRemote));
  out.end(mark);
}

/** The ExportTraceServiceRequest around spans already written, per resource and scope. */
export function writeTraceRequest(
  out: ProtoWriter,
  resources: readonly (readonly [Resource, readonly (readonly [Scope, Buffer])[]])[],
): void {
  for (const [resource, scopes] of resources) {
    const resourceSpans = out.begin(1);
    out.raw(resourceProtobuf(resource));
    for (const [scope, spans] of scopes) {
      const scopeSpans = out.begin(2);
      const scopeField = out.begin(1);
      out.stringField(1, scope.name);
      if (scope.version) out.stringField(2, scope.version);
      out.end(scopeField);
      out.raw(spans);
      if (scope.schemaUrl) out.stringField(3, scope.schemaUrl);
      out.end(scopeSpans);
    }
    if (resource.schemaUrl) out.stringField(3, resource.schemaUrl);
    out.end(resourceSpans);
  }
}

/** A resource's `resource` field, made once per resource (a process has one). */
const resourceCache = new WeakMap<Resource, Buffer>();

function resourceProtobuf(resource: Resource): Buffer {
  let bytes = resourceCache.get(resource);
  if (bytes === undefined) {
    const out = new ProtoWriter(256);
    const mark = out.begin(1);
    writeAttributes(out, 1, resource.attributes);
    out.uintField(2, 0);
    out.end(mark);
    bytes = Buffer.from(out.view());
    // a resource whose attributes are still being detected is written again next time
    if (!resource.asyncAttributesPending) resourceCache.set(resource, bytes);
  }
  return bytes;
}

/** The `attributes` fields of a frozen attributes object that many spans share, encoded once. */
const sharedCache = new WeakMap<Attributes, Buffer>();

function sharedAttributesProtobuf(attributes: Attributes): Buffer {
  let bytes = sharedCache.get(attributes);
  if (bytes === undefined) {
    const out = new ProtoWriter(256);
    writeAttributes(out, Span.Attributes, attributes);
    bytes = Buffer.from(out.view());
    if (Object.isFrozen(attributes)) sharedCache.set(attributes, bytes);
  }
  return bytes;
}

function writeEvent(out: ProtoWriter, event: TimedEvent): void {
  const mark = out.begin(Span.Events);
  writeHrTime(out, 1, event.time);
  out.stringField(2, event.name);
  if (event.attributes) writeAttributes(out, 3, event.attributes);
  out.uintField(4, event.droppedAttributesCount ?? 0);
  out.end(mark);
}

function writeLink(out: ProtoWriter, link: Link): void {
  const mark = out.begin(Span.Links);
  const { traceId, spanId, traceState, traceFlags, isRemote } = link.context;
  out.hexField(1, traceId);
  out.hexField(2, spanId);
  const state = traceState?.serialize();
  if (state) out.stringField(3, state);
  if (link.attributes) writeAttributes(out, 4, link.attributes);
  out.uintField(5, link.droppedAttributesCount ?? 0);
  out.fixed32Field(6, flagsOf(traceFlags, isRemote));
  out.end(mark);
}

/** Each attribute as a KeyValue field; an undefined value is left out. */
function writeAttributes(out: ProtoWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    const keyValue = out.begin(field);
    out.stringField(1, key);
    const anyValue = out.begin(2);
    writeAnyValue(out, value);
    out.end(anyValue);
    out.end(keyValue);
  }
}

function writeAnyValue(out: ProtoWriter, value: AttributeValue | null | undefined): void {
  switch (typeof value) {
    case 'string':
      return out.stringField(1, value);
    case 'boolean':
      return out.uintField(2, value ? 1 : 0);
    case 'number':
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        out.tag(3, 0);
        return out.int64(value);
      }
      return out.doubleField(4, value);
    default:
      if (Array.isArray(value)) {
        const array = out.begin(5);
        for (const item of value as unknown[]) {
          const element = out.begin(1);
          writeAnyValue(out, item as AttributeValue | null | undefined);
          out.end(element);
        }
        out.end(array);
      }
  }
}

/** Epoch microseconds as a fixed64 of nanoseconds, exactly (the product exceeds 2^53). */
function writeMicros(out: ProtoWriter, field: number, micros: number): void {
  const lowNanos = (micros % TWO_32) * 1000;
  const high = Math.floor(micros / TWO_32) * 1000 + Math.floor(lowNanos / TWO_32);
  out.fixed64Field(field, lowNanos % TWO_32, high);
}

/** An HrTime ([seconds, nanoseconds]) as a fixed64 of nanoseconds since the epoch, exactly. */
function writeHrTime(out: ProtoWriter, field: number, [seconds, nanoseconds]: HrTime): void {
  // seconds * 1e9 in two parts that each stay below 2^53: (high16 * 2^16 + low16) * 1e9
  const fromLow = (seconds % TWO_16) * 1e9 + nanoseconds;
  const fromHigh = Math.floor(seconds / TWO_16) * 1e9; // to be multiplied by 2^16
  const low = (fromLow % TWO_32) + (fromHigh % TWO_16) * TWO_16;
  const high =
    Math.floor(fromLow / TWO_32) + Math.floor(fromHigh / TWO_16) + Math.floor(low / TWO_32);
  out.fixed64Field(field, low % TWO_32, high);
}
