import {
  Counter,
  Gauge,
  Histogram,
  register,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/**
 * Metrics are process-wide; several app modules (or tests running apps in one
 * process) may ask for the same metric, so creation is get-or-create.
 */
export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return (register.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter(config);
}

export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return (register.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge(config);
}

export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return (
    (register.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram(config)
  );
}

let defaultsStarted = false;
export function collectProcessMetrics(service: string): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}
