import { context, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { markTracingEnabled } from './tracing';

/** Tracing on in this process, with the spans kept in memory (for tests). */
export interface InMemoryTracing {
  /** the spans ended so far */
  spans(): ReadableSpan[];
  /** forgets the spans ended so far */
  clear(): void;
  /** turns tracing off again and unregisters the SDK */
  stop(): Promise<void>;
}

/**
 * Registers the SDK as startTracing does (the shared context manager, the W3C propagator), but
 * keeps finished spans in memory instead of exporting them: for tests that check which spans a
 * piece of code makes and how they hang together. The SDK loads only when this is called.
 */
export async function startInMemoryTracing(): Promise<InMemoryTracing> {
  const [
    { InMemorySpanExporter, SimpleSpanProcessor },
    { NodeTracerProvider },
    { defaultResource },
    { SharedContextManager },
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
    import('./shared-context-manager'),
  ]);
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor(exporter);
  const resource = defaultResource();
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ contextManager: new SharedContextManager() });
  markTracingEnabled({ resource, scope: { name: 'medicalink' }, processor });
  return {
    spans: () => exporter.getFinishedSpans(),
    clear: () => exporter.reset(),
    async stop() {
      markTracingEnabled(false);
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
