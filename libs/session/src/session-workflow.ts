import type { z } from 'zod';

/** One named action of a workflow: the states it may start from and the state it leads to. */
export interface TransitionRule<S extends string> {
  from: readonly S[];
  /** omitted: the state stays as it is (an update of the data allowed in those states) */
  to?: S;
  /**
   * HTTP status of the refusal when the session is in another state (default 409), for all
   * states or per state: a step that needs an earlier one first (a target before any product)
   * is the caller's mistake, 400; a step on a finished session is a conflict, 409.
   */
  refusedStatus?: 400 | 409 | Partial<Record<S, 400 | 409>>;
}

/**
 * A session workflow declared as data: its states, where a new session starts, the schema of
 * its draft payload and the transitions each action may make. The store applies these rules
 * on every write, so a workflow holds no state-machine code of its own.
 */
export interface SessionWorkflow<S extends string, A extends string, D> {
  /** a short kebab-case name; also the key namespace of its sessions */
  name: string;
  states: readonly S[];
  initial: S;
  data: z.ZodType<D>;
  transitions: Readonly<Record<A, TransitionRule<S>>>;
}

export type TransitionCheck<S extends string> =
  { allowed: true; to: S } | { allowed: false; allowedFrom: readonly S[]; status: 400 | 409 };

const WORKFLOW_NAME = /^[a-z][a-z0-9-]*$/;

/** Checks the declaration once, at start-up: a typo in a state name fails loudly there. */
export function defineSessionWorkflow<const S extends string, const A extends string, D>(
  // States are inferred from `states` alone, so a typo elsewhere is a type error too.
  workflow: Omit<SessionWorkflow<S, A, D>, 'initial' | 'transitions'> & {
    initial: NoInfer<S>;
    transitions: Readonly<Record<A, TransitionRule<NoInfer<S>>>>;
  },
): SessionWorkflow<S, A, D> {
  if (!WORKFLOW_NAME.test(workflow.name)) {
    throw new Error(`session workflow name "${workflow.name}" must be kebab-case`);
  }
  const states = new Set<string>(workflow.states);
  if (!states.has(workflow.initial)) {
    throw new Error(
      `${workflow.name}: initial state "${workflow.initial}" is not a declared state`,
    );
  }
  for (const [action, rule] of Object.entries<TransitionRule<S>>(workflow.transitions)) {
    if (rule.from.length === 0) throw new Error(`${workflow.name}.${action}: no "from" state`);
    for (const state of [...rule.from, ...(rule.to ? [rule.to] : [])]) {
      if (!states.has(state)) {
        throw new Error(`${workflow.name}.${action}: unknown state "${state}"`);
      }
    }
  }
  return workflow;
}

/** Whether `action` may run on a session in `current`, and the state it leads to. */
export function checkTransition<S extends string, A extends string, D>(
  workflow: SessionWorkflow<S, A, D>,
  action: A,
  current: S,
): TransitionCheck<S> {
  const rule = workflow.transitions[action];
  if (!rule.from.includes(current)) {
    const declared = rule.refusedStatus;
    const status = typeof declared === 'object' ? (declared[current] ?? 409) : (declared ?? 409);
    return { allowed: false, allowedFrom: rule.from, status };
  }
  return { allowed: true, to: rule.to ?? current };
}
