export type {
  LiveSagaState,
  SagaDefinition,
  SagaFailure,
  SagaOutcome,
  SagaRecord,
  SagaState,
  SagaStep,
  SagaStepRecord,
  SagaStepState,
  StepContext,
  StepRetryPolicy,
  TerminalSagaState,
} from './definition';
export {
  SagaEngine,
  type AnySagaDefinition,
  type SagaEngineOptions,
  type StartOptions,
} from './engine';
export {
  SagaConflictError,
  SagaInterruptedError,
  SagaPendingError,
  StepTimeoutError,
} from './errors';
export { isSealed, SagaInputCipher, SagaInputCipherError, type SealedField } from './input-cipher';
export { InMemorySagaJournal, type InMemorySagaJournalOptions } from './in-memory-journal';
export type {
  JournalFence,
  JournalWrite,
  NewSaga,
  SagaChange,
  SagaJournal,
  StepChange,
} from './journal';
export { PostgresSagaJournal } from './postgres-journal';
export { nameBasedUuid } from './request-ids';
export { DEFAULT_COMPENSATION_RETRY, DEFAULT_STEP_RETRY, DEFAULT_STEP_TIMEOUT_MS } from './retry';
export { sagaMigrations, type SagasTable, type SagaStepsTable, type SagaTables } from './schema';
