import { counter, gauge, histogram } from '@medicalink/observability';

/** How many messages of each kind one consumer is handling now. */
export type InFlightSource = () => { rpc: number; event: number };

const inFlightSources = new Set<InFlightSource>();

/**
 * Read from the consumers when scraped, not kept up to date per message: two label lookups per
 * message (inc and dec) cost more than a sum over the few consumers of a process per scrape.
 */
const inFlightGauge = () =>
  gauge({
    name: 'messaging_in_flight',
    help: 'Messages being handled now',
    labelNames: ['kind'] as const,
    collect() {
      let rpc = 0;
      let event = 0;
      for (const source of inFlightSources) {
        const counts = source();
        rpc += counts.rpc;
        event += counts.event;
      }
      this.set({ kind: 'rpc' }, rpc);
      this.set({ kind: 'event' }, event);
    },
  });

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const messagingMetrics = {
  handlerDuration: () =>
    histogram({
      name: 'messaging_handler_duration_seconds',
      help: 'Time spent handling a message, by pattern and outcome',
      labelNames: ['pattern', 'outcome'] as const,
      buckets: latencyBuckets,
    }),
  /** Registers `source` (a consumer's own counts) until the returned function is called. */
  inFlight: (source: InFlightSource): (() => void) => {
    inFlightGauge();
    inFlightSources.add(source);
    return () => inFlightSources.delete(source);
  },
  retried: () =>
    counter({
      name: 'messaging_retried_total',
      help: 'Event deliveries sent to a delay queue for another attempt',
      labelNames: ['pattern'] as const,
    }),
  deadLettered: () =>
    counter({
      name: 'messaging_dead_lettered_total',
      help: 'Messages moved to the dead-letter queue, by error code',
      labelNames: ['pattern', 'code'] as const,
    }),
  replayed: () =>
    counter({
      name: 'messaging_dead_letters_replayed_total',
      help: 'Dead-lettered messages an operator sent back to their service queue, by service',
      labelNames: ['service', 'pattern'] as const,
    }),
  expired: () =>
    counter({
      name: 'messaging_rpc_expired_total',
      help: 'RPC requests skipped because the caller deadline had passed',
      labelNames: ['pattern'] as const,
    }),
  clientDuration: () =>
    histogram({
      name: 'rpc_client_duration_seconds',
      help: 'RPC round trip seen by the caller, by pattern and outcome',
      labelNames: ['pattern', 'outcome'] as const,
      buckets: latencyBuckets,
    }),
};
