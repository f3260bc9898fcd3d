import { counter } from '@medicalink/observability';

export const cacheMetrics = {
  lookups: () =>
    counter({
      name: 'cache_lookups_total',
      help: 'Cache reads by scope and result (hit, miss, degraded)',
      labelNames: ['scope', 'result'] as const,
    }),
  errors: () =>
    counter({
      name: 'cache_errors_total',
      help: 'Redis operations that failed or timed out; reads were served uncached',
      labelNames: ['operation'] as const,
    }),
  invalidations: () =>
    counter({
      name: 'cache_invalidated_entries_total',
      help: 'Cache entries dropped by tag invalidation',
    }),
};
