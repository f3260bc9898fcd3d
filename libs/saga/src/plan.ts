import type { SagaDefinition, SagaStep } from './definition';

export interface PlannedStep {
  name: string;
  /** 0-based, in definition order; group members have consecutive positions */
  position: number;
  group: number;
  step: SagaStep<unknown>;
}

/** A definition flattened and checked once, at engine construction. */
export interface SagaPlan {
  definition: SagaDefinition<unknown>;
  key: string;
  groups: PlannedStep[][];
  steps: PlannedStep[];
}

export function definitionKey(type: string, version: number): string {
  return `${type}@${version}`;
}

export function planSaga(definition: SagaDefinition<unknown>): SagaPlan {
  const key = definitionKey(definition.type, definition.version);
  const steps: PlannedStep[] = [];
  const groups = definition.steps.map((entry, group) => {
    const members: ReadonlyArray<SagaStep<unknown>> = isGroup(entry) ? entry : [entry];
    if (members.length === 0) throw new Error(`saga ${key}: empty parallel group at ${group}`);
    return members.map((step) => {
      const planned = { name: step.name, position: steps.length, group, step };
      steps.push(planned);
      return planned;
    });
  });
  if (steps.length === 0) throw new Error(`saga ${key} has no steps`);
  const names = new Set(steps.map((planned) => planned.name));
  if (names.size !== steps.length) throw new Error(`saga ${key}: step names must be unique`);
  if (!Number.isInteger(definition.version))
    throw new Error(`saga ${key}: version must be an integer`);
  return { definition, key, groups, steps };
}

function isGroup<I>(
  entry: SagaStep<I> | ReadonlyArray<SagaStep<I>>,
): entry is ReadonlyArray<SagaStep<I>> {
  return Array.isArray(entry);
}
