export { sessionRecordSchema, type SessionRecord } from './session-record';
export {
  SessionStore,
  type ClaimResult,
  type CreateSessionInput,
  type SessionAccess,
  type SessionLogger,
  type SessionStoreSettings,
  type TransitionOptions,
} from './session-store';
export {
  checkTransition,
  defineSessionWorkflow,
  type SessionWorkflow,
  type TransitionCheck,
  type TransitionRule,
} from './session-workflow';
export {
  SessionConflictError,
  SessionCorruptedError,
  SessionNotFoundError,
  SessionStoreUnavailableError,
  SessionTransitionError,
} from './session.errors';
