import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  readOtlpProtobuf,
  type OtlpAttribute,
  type OtlpExport,
  type OtlpValue,
} from './otlp-protobuf-reader';

/** One span as an OTLP/HTTP export carries it, with its process's service.name. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** undefined for a root span */
  parentSpanId: string | undefined;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
  kind: number;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error */
  statusCode: number;
}

export interface OtlpCollector {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for the processes that export here */
  url: string;
  /** every span received so far (none when started with keep: false) */
  spans(): CollectedSpan[];
  /** how many export requests arrived */
  exports(): number;
  /** the export requests' body bytes received so far */
  bytes(): number;
  close(): Promise<void>;
}

/**
 * A tiny OTLP/HTTP trace receiver on loopback (OTLP protobuf or JSON, as the apps'
 * SerializingSpanProcessor sends it): real enough for apps in other processes to export to,
 * and keeps what they send for a test to read. With keep: false it only counts the bytes and
 * answers (a no-op collector for benches).
 */
export async function startOtlpCollector(options: { keep?: boolean } = {}): Promise<OtlpCollector> {
  const keep = options.keep ?? true;
  const spans: CollectedSpan[] = [];
  let exports = 0;
  let bytes = 0;
  // The answer is an empty ExportTraceServiceResponse in the request's encoding.
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    exports += 1;
    if (isProtobuf(request))
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
  const server = createServer((request, response) => {
    if (!keep) {
      // a no-op collector counts the bytes and drops them: nothing kept, nothing copied
      request
        .on('data', (chunk: Buffer) => (bytes += chunk.length))
        .on('end', () => answer(request, response));
      return;
    }
    void readBody(request).then((body) => {
      bytes += body.length;
      if (request.url === '/v1/traces') spans.push(...decode(body, request));
      answer(request, response);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    exports: () => exports,
    bytes: () => bytes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', () => resolve(Buffer.alloc(0)));
  });
}

function isProtobuf(request: IncomingMessage): boolean {
  return request.headers['content-type']?.startsWith('application/x-protobuf') ?? false;
}

function decode(body: Buffer, request: IncomingMessage): CollectedSpan[] {
  const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
  let parsed: OtlpExport;
  try {
    parsed = isProtobuf(request)
      ? readOtlpProtobuf(raw)
      : (JSON.parse(raw.toString('utf8')) as OtlpExport);
  } catch {
    return []; // not an export request: nothing to keep
  }
  return (parsed.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributes(resourceSpans.resource?.attributes)['service.name']);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span): CollectedSpan => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind ?? 0,
        attributes: attributes(span.attributes),
        events: (span.events ?? []).map((event) => ({
          name: event.name,
          attributes: attributes(event.attributes),
        })),
        statusCode: span.status?.code ?? 0,
      })),
    );
  });
}

function attributes(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}
