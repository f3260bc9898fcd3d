import type { ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import {
  ProtobufTraceSerializer,
  type IExportTraceServiceResponse,
  type ISerializer,
} from '@opentelemetry/otlp-transformer';
import { JsonSpanBatch, type SpanBatch, type SpanBatchRequest } from './span-batch';
import { ProtobufSpanBatch } from './protobuf-span-batch';

// The subpath's types are not reachable under the workspace's node10 module resolution.
const nodeHttp =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@opentelemetry/otlp-exporter-base/node-http') as typeof import('@opentelemetry/otlp-exporter-base/build/src/index-node-http');

/** The OTLP/HTTP encodings: protobuf (the specification's default) and JSON. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** The batch that writes spans in the protocol's encoding as they end. */
export function spanBatchFor(protocol: OtlpProtocol): SpanBatch {
  return protocol === 'http/json' ? new JsonSpanBatch() : new ProtobufSpanBatch();
}

/** Sends one batch's request as it is; reads the collector's answer in the same encoding. */
function batchSerializer(
  protocol: OtlpProtocol,
): ISerializer<SpanBatchRequest, IExportTraceServiceResponse> {
  return {
    serializeRequest: (batch) => batch.body,
    deserializeResponse(data) {
      if (data.length === 0) return {};
      try {
        return protocol === 'http/json'
          ? (JSON.parse(Buffer.from(data).toString('utf8')) as IExportTraceServiceResponse)
          : ProtobufTraceSerializer.deserializeResponse(data);
      } catch {
        return {};
      }
    },
  };
}

/** Where a batch of already serialized spans goes. */
export interface SpanBatchExporter {
  export(batch: SpanBatchRequest, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry's OTLP/HTTP transport as its trace exporter runs it (the env variables for
 * headers, timeout and compression, its retries), sending bodies a SpanBatch already wrote in
 * the protocol's encoding.
 */
export function otlpHttpBatchExporter(url: string, protocol: OtlpProtocol): SpanBatchExporter {
  const options = nodeHttp.convertLegacyHttpOptions({ url }, 'TRACES', 'v1/traces', {
    'Content-Type': protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
  });
  return new OTLPExporterBase(
    nodeHttp.createOtlpHttpExportDelegate(
      options,
      batchSerializer(protocol),
      'otlp_http_span_exporter',
      { name: 'span', countItems: (batch) => batch.spans },
      undefined,
    ),
  );
}
