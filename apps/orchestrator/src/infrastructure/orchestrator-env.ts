/** Injection token for the orchestrator's parsed configuration. */
export const ORCHESTRATOR_ENV = Symbol('ORCHESTRATOR_ENV');
