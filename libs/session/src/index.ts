export { sessionRecordSchema, type SessionRecord } from './session-record';
export {
  SessionStore,
  type ClaimResult,
  type CreateSessionInput,
  type SessionAccess,
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
  SessionNotFoundError,
  SessionStoreUnavailableError,
  SessionTransitionError,
} from './session.errors';
