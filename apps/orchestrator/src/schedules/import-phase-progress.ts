import {
  scheduleImportPhaseFinished,
  scheduleImportPhaseStarted,
  type ScheduleImportPhaseName,
} from '@medicalink/contracts';
import { Outbox, type Kysely } from '@medicalink/persistence';
import type { StepContext } from '@medicalink/saga';
import type { ScheduleImportInput } from './schedule-import.saga';
import type { OrchestratorDatabase } from './schedule-imports.schema';

type Phase = (typeof ScheduleImportPhaseName.options)[number];

/**
 * Runs an import phase between two progress events written to the outbox: started, then
 * finished with the counts of its result (its numeric fields) or with the error that ended it.
 * A phase the saga retries reports each attempt.
 */
export function reportingPhase<T>(
  db: Kysely<OrchestratorDatabase>,
  phase: Phase,
  invoke: (ctx: StepContext<ScheduleImportInput>) => Promise<T>,
): (ctx: StepContext<ScheduleImportInput>) => Promise<T> {
  return async (ctx) => {
    const ref = { importId: ctx.input.importId, hospitalId: ctx.input.hospitalId, phase };
    await Outbox.add(db, scheduleImportPhaseStarted, { ...ref, occurredAt: now() });
    try {
      const result = await invoke(ctx);
      await Outbox.add(db, scheduleImportPhaseFinished, {
        ...ref,
        outcome: 'succeeded',
        counts: countsOf(result),
        occurredAt: now(),
      });
      return result;
    } catch (error) {
      await Outbox.add(db, scheduleImportPhaseFinished, {
        ...ref,
        outcome: 'failed',
        counts: {},
        error: (error as Error).message,
        occurredAt: now(),
      });
      throw error;
    }
  };
}

const now = () => new Date().toISOString();

function countsOf(result: unknown): Record<string, number> {
  if (typeof result !== 'object' || result === null) return {};
  return Object.fromEntries(
    Object.entries(result).filter((entry): entry is [string, number] => Number.isInteger(entry[1])),
  );
}
