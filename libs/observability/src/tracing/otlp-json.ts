import type { Attributes, AttributeValue, HrTime, Link } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { RecordedSpan } from './recorded-span';

/**
 * The pieces of an OTLP/HTTP JSON export request (ExportTraceServiceRequest), written as
 * strings straight from a finished span: the same document, field for field, as the OTLP JSON
 * encoding defines it (hex ids, nanosecond timestamps as decimal strings, int64 as strings).
 * The SDK's serializer builds the whole request as objects first (two per attribute, a BigInt
 * per timestamp) from spans kept alive until the export; here a span is written when it ends
 * (see SerializingSpanProcessor) and nothing of it outlives that call.
 */
/** A resource's JSON, made once per resource (a process has one). */
const resourceCache = new WeakMap<Resource, string>();

export function resourceJson(resource: Resource): string {
  let json = resourceCache.get(resource);
  if (json === undefined) {
    const schemaUrl = resource.schemaUrl
      ? `,"schemaUrl":${JSON.stringify(resource.schemaUrl)}`
      : '';
    json = `{"attributes":${attributesJson(resource.attributes)},"droppedAttributesCount":0${schemaUrl}}`;
    // a resource whose attributes are still being detected is written again next time
    if (!resource.asyncAttributesPending) resourceCache.set(resource, json);
  }
  return json;
}

/** A scope's JSON (the `scope` of a ScopeSpans). */
export function scopeJson({ name, version }: ReadableSpan['instrumentationScope']): string {
  return `{"name":${JSON.stringify(name)}${version ? `,"version":${JSON.stringify(version)}` : ''}}`;
}

/** Span flags: the W3C trace flags, and whether the parent was remote (OTLP's bits 8 and 9). */
function flagsOf(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/**
 * Writes a span's JSON in parts (their concatenation is the span's JSON): the JSON of a span's
 * shared attributes is passed on as the one string kept for them, not copied into another.
 */
export function writeSpanJson(span: ReadableSpan, write: (part: string) => void): void {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const traceState = context.traceState?.serialize();
  const { code, message } = span.status;
  let json =
    `{"traceId":"${context.traceId}","spanId":"${context.spanId}"` +
    (parent?.spanId ? `,"parentSpanId":"${parent.spanId}"` : '') +
    (traceState ? `,"traceState":${JSON.stringify(traceState)}` : '') +
    `,"name":${JSON.stringify(span.name)},"kind":${span.kind + 1}`;
  if (span instanceof RecordedSpan) {
    // our own spans: times kept in microseconds, shared attributes written once for all spans
    const shared = sharedAttributesJson(span.sharedAttributes);
    const own = span.ownAttributes ? attributeListJson(span.ownAttributes) : '';
    write(
      `${json},"startTimeUnixNano":"${span.startUs}000","endTimeUnixNano":"${span.endUs}000"` +
        `,"attributes":[`,
    );
    if (shared) write(shared);
    json = `${shared && own ? ',' : ''}${own}]`;
  } else {
    json +=
      `,"startTimeUnixNano":"${nanos(span.startTime)}","endTimeUnixNano":"${nanos(span.endTime)}"` +
      `,"attributes":${attributesJson(span.attributes)}`;
  }
  if (span.droppedAttributesCount)
    json += `,"droppedAttributesCount":${span.droppedAttributesCount}`;
  if (span.events.length > 0) json += `,"events":[${span.events.map(eventJson).join(',')}]`;
  if (span.droppedEventsCount) json += `,"droppedEventsCount":${span.droppedEventsCount}`;
  if (span.links.length > 0) json += `,"links":[${span.links.map(linkJson).join(',')}]`;
  if (span.droppedLinksCount) json += `,"droppedLinksCount":${span.droppedLinksCount}`;
  json += `,"status":{"code":${code}${message ? `,"message":${JSON.stringify(message)}` : ''}}`;
  write(`${json},"flags":${flagsOf(context.traceFlags, parent?.isRemote)}}`);
}

/** The list of a frozen attributes object that many spans share, written once. */
const sharedJson = new WeakMap<Attributes, string>();

function sharedAttributesJson(attributes: Attributes): string {
  let json = sharedJson.get(attributes);
  if (json === undefined) {
    json = attributeListJson(attributes);
    if (Object.isFrozen(attributes)) sharedJson.set(attributes, json);
  }
  return json;
}

function eventJson(event: TimedEvent): string {
  const dropped = event.droppedAttributesCount
    ? `,"droppedAttributesCount":${event.droppedAttributesCount}`
    : '';
  return (
    `{"timeUnixNano":"${nanos(event.time)}","name":${JSON.stringify(event.name)}` +
    `,"attributes":${attributesJson(event.attributes)}${dropped}}`
  );
}

function linkJson(link: Link): string {
  const { traceId, spanId, traceState, traceFlags, isRemote } = link.context;
  const state = traceState?.serialize();
  const dropped = link.droppedAttributesCount
    ? `,"droppedAttributesCount":${link.droppedAttributesCount}`
    : '';
  return (
    `{"traceId":"${traceId}","spanId":"${spanId}"` +
    (state ? `,"traceState":${JSON.stringify(state)}` : '') +
    `,"attributes":${attributesJson(link.attributes)}${dropped}` +
    `,"flags":${flagsOf(traceFlags, isRemote)}}`
  );
}

/** The keys are few and repeat in every span: each is quoted once. */
const quotedKeys = new Map<string, string>();

function attributesJson(attributes: Attributes | undefined): string {
  return attributes ? `[${attributeListJson(attributes)}]` : '[]';
}

/** The elements of an OTLP attribute list, without the brackets. */
function attributeListJson(attributes: Attributes): string {
  let json = '';
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    let quoted = quotedKeys.get(key);
    if (quoted === undefined) {
      quoted = JSON.stringify(key);
      if (quotedKeys.size < 1_000) quotedKeys.set(key, quoted);
    }
    json += `${json ? ',' : ''}{"key":${quoted},"value":${anyValueJson(value)}}`;
  }
  return json;
}

function anyValueJson(value: AttributeValue | null | undefined): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'number':
      if (Number.isInteger(value)) return `{"intValue":"${value}"}`;
      // NaN and the infinities have no JSON number: the OTLP encoding writes them as strings
      return Number.isFinite(value)
        ? `{"doubleValue":${value}}`
        : `{"doubleValue":"${String(value)}"}`;
    case 'boolean':
      return `{"boolValue":${value}}`;
    default:
      if (Array.isArray(value)) {
        return `{"arrayValue":{"values":[${value.map((item) => (item === null || item === undefined ? '{}' : anyValueJson(item))).join(',')}]}}`;
      }
      return '{}';
  }
}

/** An HrTime ([seconds, nanoseconds]) as OTLP's decimal string of nanoseconds since the epoch. */
function nanos([seconds, nanoseconds]: HrTime): string {
  if (seconds === 0) return String(nanoseconds);
  return `${seconds}${String(nanoseconds).padStart(9, '0')}`;
}
