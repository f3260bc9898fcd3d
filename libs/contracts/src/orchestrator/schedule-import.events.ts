import { z } from 'zod';
import { defineEvent } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { ScheduleImportPhaseName } from './schedule-import.rpc';

const PhaseRef = z.object({
  importId: Uuid,
  hospitalId: Uuid,
  phase: ScheduleImportPhaseName,
  occurredAt: Timestamp,
});

/** A phase of a schedule import began (written to the outbox as the saga step starts). */
export const scheduleImportPhaseStarted = defineEvent('schedule.import.phase.started', PhaseRef);

/**
 * A phase of a schedule import ended: `succeeded` with what it produced (`counts`, e.g. shifts
 * and assignments), or `failed` (for a non-critical phase the import goes on with a warning).
 */
export const scheduleImportPhaseFinished = defineEvent(
  'schedule.import.phase.finished',
  PhaseRef.extend({
    outcome: z.enum(['succeeded', 'failed']),
    counts: z.record(z.string(), z.number().int()),
    error: z.string().optional(),
  }),
);
