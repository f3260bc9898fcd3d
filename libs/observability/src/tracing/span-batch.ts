import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceJson, scopeJson, writeSpanJson } from './otlp-json';

type Scope = ReadableSpan['instrumentationScope'];

/** One export request: its OTLP JSON body and how many spans it carries. */
export interface SpanBatchRequest {
  body: Buffer;
  spans: number;
}

/** The spans of one resource and scope, as JSON bytes. */
interface Chunk {
  scope: Scope;
  bytes: Buffer;
  used: number;
}

const INITIAL_CHUNK_BYTES = 64 * 1024;

/**
 * Finished spans written as OTLP JSON into byte buffers as they arrive, grouped by resource and
 * instrumentation scope (one resource per process; a scope per tracer: ours, pg, ioredis). The
 * buffers live outside the JS heap, so spans waiting for their export are not objects the
 * garbage collector has to keep promoting and tracing.
 */
export class SpanBatch {
  private readonly chunks = new Map<Resource, Map<Scope, Chunk>>();
  private count = 0;
  private body = Buffer.allocUnsafe(INITIAL_CHUNK_BYTES);

  get size(): number {
    return this.count;
  }

  add(span: ReadableSpan): void {
    const chunk = this.chunkFor(span);
    if (chunk.used > 0) this.append(chunk, ',');
    writeSpanJson(span, (part) => this.append(chunk, part));
    this.count += 1;
  }

  private append(chunk: Chunk, json: string): void {
    // a UTF-8 byte is at most 3 per UTF-16 unit
    const needed = chunk.used + json.length * 3;
    if (needed > chunk.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, chunk.bytes.length * 2));
      chunk.bytes.copy(grown, 0, 0, chunk.used);
      chunk.bytes = grown;
    }
    chunk.used += chunk.bytes.write(json, chunk.used, 'utf8');
  }

  /**
   * The request for every span added so far, which are then no longer here. Its body lives in
   * a buffer this batch writes the next request into: it is valid until the next take() (one
   * export in flight at a time), so an export does not allocate a fresh buffer of its size.
   */
  take(): SpanBatchRequest | undefined {
    if (this.count === 0) return undefined;
    const parts: (Buffer | string)[] = ['{"resourceSpans":['];
    let firstResource = true;
    for (const [resource, all] of this.chunks) {
      const scopes = [...all.values()].filter((chunk) => chunk.used > 0);
      if (scopes.length === 0) continue;
      const separator = firstResource ? '' : ',';
      parts.push(`${separator}{"resource":${resourceJson(resource)},"scopeSpans":[`);
      scopes.forEach((chunk, index) => {
        parts.push(
          `${index > 0 ? ',' : ''}{"scope":${scopeJson(chunk.scope)},"spans":[`,
          chunk.bytes.subarray(0, chunk.used),
          ']}',
        );
      });
      parts.push(']}');
      firstResource = false;
    }
    parts.push(']}');
    const request = { body: this.write(parts), spans: this.count };
    for (const scopes of this.chunks.values()) for (const chunk of scopes.values()) chunk.used = 0;
    this.count = 0;
    return request;
  }

  /** The parts one after the other in the body buffer (grown when they do not fit). */
  private write(parts: readonly (Buffer | string)[]): Buffer {
    let size = 0;
    for (const part of parts)
      size += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
    if (size > this.body.length)
      this.body = Buffer.allocUnsafe(Math.max(size, this.body.length * 2));
    let used = 0;
    for (const part of parts) {
      used += typeof part === 'string' ? this.body.write(part, used) : part.copy(this.body, used);
    }
    return this.body.subarray(0, used);
  }

  private chunkFor(span: ReadableSpan): Chunk {
    let scopes = this.chunks.get(span.resource);
    if (!scopes) this.chunks.set(span.resource, (scopes = new Map<Scope, Chunk>()));
    let chunk = scopes.get(span.instrumentationScope);
    if (!chunk) {
      chunk = {
        scope: span.instrumentationScope,
        bytes: Buffer.allocUnsafe(INITIAL_CHUNK_BYTES),
        used: 0,
      };
      scopes.set(span.instrumentationScope, chunk);
    }
    return chunk;
  }
}
