import { describe, expect, it } from 'vitest';
import { protocolFromEnv } from './tracing-sdk';

describe('protocolFromEnv', () => {
  it('exports OTLP protobuf unless the traces or the general variable asks for JSON', () => {
    expect(protocolFromEnv({})).toBe('http/protobuf');
    expect(protocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(
      protocolFromEnv({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }),
    ).toBe('http/protobuf');
    expect(protocolFromEnv({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: ' HTTP/JSON ' })).toBe(
      'http/json',
    );
  });

  it('falls back to protobuf for a protocol it does not offer (gRPC)', () => {
    expect(protocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBe('http/protobuf');
  });
});
