import type { ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import type { IExportTraceServiceResponse, ISerializer } from '@opentelemetry/otlp-transformer';
import type { SpanBatchRequest } from './span-batch';

// The subpath's types are not reachable under the workspace's node10 module resolution.
const nodeHttp =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@opentelemetry/otlp-exporter-base/node-http') as typeof import('@opentelemetry/otlp-exporter-base/build/src/index-node-http');

/** Sends one batch's request as it is; reads the collector's (JSON) answer. */
const batchSerializer: ISerializer<SpanBatchRequest, IExportTraceServiceResponse> = {
  serializeRequest: (batch) => batch.body,
  deserializeResponse(data) {
    if (data.length === 0) return {};
    try {
      return JSON.parse(Buffer.from(data).toString('utf8')) as IExportTraceServiceResponse;
    } catch {
      return {};
    }
  },
};

/** Where a batch of already serialized spans goes. */
export interface SpanBatchExporter {
  export(batch: SpanBatchRequest, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry's OTLP/HTTP transport as its trace exporter runs it (the env variables for
 * headers, timeout and compression, its retries), sending bodies SpanBatch already wrote as
 * OTLP JSON.
 */
export function otlpHttpBatchExporter(url: string): SpanBatchExporter {
  const options = nodeHttp.convertLegacyHttpOptions({ url }, 'TRACES', 'v1/traces', {
    'Content-Type': 'application/json',
  });
  return new OTLPExporterBase(
    nodeHttp.createOtlpHttpExportDelegate(
      options,
      batchSerializer,
      'otlp_http_span_exporter',
      { name: 'span', countItems: (batch) => batch.spans },
      undefined,
    ),
  );
}
