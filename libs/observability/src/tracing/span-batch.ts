import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceJson, scopeJson, writeSpanJson } from './otlp-json';

export type Scope = ReadableSpan['instrumentationScope'];

/** One export request: its body and how many spans it carries. */
export interface SpanBatchRequest {
  body: Buffer;
  spans: number;
}

/**
 * Finished spans written as the export's encoding as they arrive, so that spans waiting for
 * their export are bytes outside the JS heap, not objects the garbage collector has to keep
 * promoting and tracing.
 */
export interface SpanBatch {
  readonly size: number;
  add(span: ReadableSpan): void;
  /**
   * The request for every span added so far, which are then no longer here. Its body is valid
   * until the next take() (one export in flight at a time), so an export does not allocate a
   * fresh buffer of its size.
   */
  take(): SpanBatchRequest | undefined;
}

/** Per resource and instrumentation scope (one resource per process; a scope per tracer). */
export class ChunksByScope<C> {
  readonly byResource = new Map<Resource, Map<Scope, C>>();

  constructor(private readonly create: (scope: Scope) => C) {}

  of(span: ReadableSpan): C {
    let scopes = this.byResource.get(span.resource);
    if (!scopes) this.byResource.set(span.resource, (scopes = new Map<Scope, C>()));
    let chunk = scopes.get(span.instrumentationScope);
    if (!chunk)
      scopes.set(span.instrumentationScope, (chunk = this.create(span.instrumentationScope)));
    return chunk;
  }
}

/** The spans of one resource and scope, as JSON bytes. */
interface Chunk {
  scope: Scope;
  bytes: Buffer;
  used: number;
}

const INITIAL_CHUNK_BYTES = 64 * 1024;

/** OTLP JSON (`http/json`): each span's JSON appended to its scope's bytes. */
export class JsonSpanBatch implements SpanBatch {
  private readonly chunks = new ChunksByScope<Chunk>((scope) => ({
    scope,
    bytes: Buffer.allocUnsafe(INITIAL_CHUNK_BYTES),
    used: 0,
  }));
  private count = 0;
  private body = Buffer.allocUnsafe(INITIAL_CHUNK_BYTES);

  get size(): number {
    return this.count;
  }

  add(span: ReadableSpan): void {
    const chunk = this.chunks.of(span);
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

  take(): SpanBatchRequest | undefined {
    if (this.count === 0) return undefined;
    const parts: (Buffer | string)[] = ['{"resourceSpans":['];
    let firstResource = true;
    for (const [resource, all] of this.chunks.byResource) {
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
    for (const scopes of this.chunks.byResource.values())
      for (const chunk of scopes.values()) chunk.used = 0;
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
}
