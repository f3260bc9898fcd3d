import { TraceFlags } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { spanBatchFor, type OtlpProtocol, type SpanBatchExporter } from './otlp-exporter';
import type { SpanBatch } from './span-batch';

export interface BatchSettings {
  /** spans that start an export without waiting for the delay */
  maxExportBatchSize: number;
  /** spans waiting (being exported or not) beyond which a new one is dropped, and counted */
  maxQueueSize: number;
  /** how long a span waits at most before its batch is sent */
  scheduledDelayMillis: number;
}

/** What became of the spans this process recorded (for benches and health). */
export interface SpanCounts {
  /** finished and sampled */
  ended: number;
  /** accepted by the collector */
  exported: number;
  /** not kept: the queue was full */
  dropped: number;
  /** kept, but their export failed */
  failed: number;
}

/**
 * The batch span processor the apps run: like the SDK's BatchSpanProcessor (one export in
 * flight, a batch size, a queue bound, a delay), except that a span is written in the export's
 * encoding (OTLP protobuf or JSON) when it ends, so what waits for the export is bytes, not
 * span objects. The export's HTTP request makes no span of its own: no http instrumentation is
 * registered, which is why it is not run in a tracing-suppressed context (entering one would
 * start context tracking for every promise of a process that has none).
 */
export class SerializingSpanProcessor implements SpanProcessor {
  private readonly batch: SpanBatch;
  /** spans handed to the exporter and not yet answered */
  private inFlight = 0;
  private exporting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly counts: SpanCounts = { ended: 0, exported: 0, dropped: 0, failed: 0 };

  constructor(
    private readonly exporter: SpanBatchExporter,
    private readonly settings: BatchSettings,
    protocol: OtlpProtocol,
  ) {
    this.batch = spanBatchFor(protocol);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.stopped || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.counts.ended += 1;
    if (this.batch.size + this.inFlight >= this.settings.maxQueueSize) {
      this.counts.dropped += 1;
      return;
    }
    this.batch.add(span);
    if (this.exporting) return;
    if (this.batch.size >= this.settings.maxExportBatchSize) this.exportNow();
    else
      this.timer ??= setTimeout(() => this.exportNow(), this.settings.scheduledDelayMillis).unref();
  }

  spanCounts(): SpanCounts {
    return { ...this.counts };
  }

  /** Sends every span recorded so far; resolves when the collector has answered for all. */
  async forceFlush(): Promise<void> {
    for (;;) {
      if (this.exporting) await this.exporting;
      else if (this.batch.size > 0) this.exportNow();
      else return;
    }
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    await this.exporter.shutdown();
  }

  private exportNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.exporting) return;
    const request = this.batch.take();
    if (!request) return;
    this.inFlight = request.spans;
    let settle = () => {};
    const exporting = new Promise<void>((resolve) => (settle = resolve));
    this.exporting = exporting;
    // the exporter may answer before export() returns (a refusal): state is set before the call
    this.exporter.export(request, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.counts.exported += request.spans;
      else this.counts.failed += request.spans;
      this.inFlight = 0;
      if (this.exporting === exporting) this.exporting = undefined;
      settle();
      this.afterExport();
    });
  }

  private afterExport(): void {
    if (this.batch.size >= this.settings.maxExportBatchSize) this.exportNow();
    else if (this.batch.size > 0)
      this.timer ??= setTimeout(() => this.exportNow(), this.settings.scheduledDelayMillis).unref();
  }
}
