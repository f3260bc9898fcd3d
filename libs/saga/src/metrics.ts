import { counter, histogram } from '@medicalink/observability';
import type { TerminalSagaState } from './definition';

const outcomes = counter({
  name: 'saga_outcomes_total',
  help: 'Sagas that reached an end state, by type and state',
  labelNames: ['type', 'state'] as const,
});

const durations = histogram({
  name: 'saga_duration_seconds',
  help: 'Time from saga start to its end state, by type and state',
  labelNames: ['type', 'state'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
});

const flagged = counter({
  name: 'saga_flagged_total',
  help: 'Sagas recovery refused to resume (e.g. unknown definition version), by type',
  labelNames: ['type'] as const,
});

export function recordOutcome(type: string, state: TerminalSagaState, seconds: number): void {
  outcomes.inc({ type, state });
  durations.observe({ type, state }, Math.max(0, seconds));
}

export function recordFlagged(type: string): void {
  flagged.inc({ type });
}

const deferrals = counter({
  name: 'saga_compensation_deferrals_total',
  help: 'Compensations handed back to the journal to wait out an outage, by saga type',
  labelNames: ['type'] as const,
});

export function recordDeferral(type: string): void {
  deferrals.inc({ type });
}
