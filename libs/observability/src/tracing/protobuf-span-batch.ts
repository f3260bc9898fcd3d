import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { writeSpanProtobuf, writeTraceRequest } from './otlp-protobuf';
import { ProtoWriter } from './proto-writer';
import { ChunksByScope, type Scope, type SpanBatch, type SpanBatchRequest } from './span-batch';

const INITIAL_CHUNK_BYTES = 64 * 1024;

/** OTLP protobuf (`http/protobuf`): each span's encoding appended to its scope's bytes. */
export class ProtobufSpanBatch implements SpanBatch {
  private readonly chunks = new ChunksByScope(() => new ProtoWriter(INITIAL_CHUNK_BYTES));
  private readonly body = new ProtoWriter(INITIAL_CHUNK_BYTES);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(span: ReadableSpan): void {
    writeSpanProtobuf(span, this.chunks.of(span));
    this.count += 1;
  }

  take(): SpanBatchRequest | undefined {
    if (this.count === 0) return undefined;
    this.body.reset();
    const resources: [Resource, [Scope, Buffer][]][] = [];
    for (const [resource, scopes] of this.chunks.byResource) {
      const written = [...scopes].filter(([, chunk]) => chunk.length > 0);
      if (written.length > 0)
        resources.push([resource, written.map(([scope, chunk]) => [scope, chunk.view()])]);
    }
    writeTraceRequest(this.body, resources);
    for (const scopes of this.chunks.byResource.values())
      for (const chunk of scopes.values()) chunk.reset();
    const request = { body: this.body.view(), spans: this.count };
    this.count = 0;
    return request;
  }
}
