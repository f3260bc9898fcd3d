import { z } from 'zod';
import type { SessionWorkflow } from './session-workflow';

/** A draft kept in Redis while a user works through a workflow's steps. */
export interface SessionRecord<S extends string, D> {
  id: string;
  workflow: string;
  /** the user who created it: the only one who reaches it (unless access says otherwise) */
  owner: string;
  state: S;
  /** bumped by every write; writes are compare-and-set on it */
  version: number;
  data: D;
  createdAt: string;
  updatedAt: string;
  /** absolute: the Redis key expires at this instant, and a read after it finds nothing */
  expiresAt: string;
}

/** The zod schema of a workflow's records: what is read back from Redis is checked, not trusted. */
export function sessionRecordSchema<S extends string, A extends string, D>(
  workflow: SessionWorkflow<S, A, D>,
): z.ZodType<SessionRecord<S, D>> {
  const [first, ...rest] = workflow.states;
  if (first === undefined) throw new Error(`${workflow.name}: no states`);
  const state = z.enum([first, ...rest]);
  return z.object({
    id: z.string().min(1),
    workflow: z.literal(workflow.name),
    owner: z.string().min(1),
    state,
    version: z.number().int().min(1),
    data: workflow.data,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  });
}
