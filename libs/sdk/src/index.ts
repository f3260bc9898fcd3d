export { createMedicaLinkClient, MedicaLinkClient } from './client.js';
export type { CreateOptions, OperationOptions } from './client.js';
export {
  DEFAULTS,
  MAX_BATCH_SIZE,
  type Credentials,
  type FetchLike,
  type MedicaLinkClientConfig,
  type SdkLogger,
} from './config.js';
export type { ClientEvent, ClientEventListener, ClientEventType } from './events.js';
export type { HealthReport } from './health.js';
export type { EventSubscription, LiveEventHandler, SubscribeOptions } from './live-events.js';
export type { RefreshMode, SessionTokens, TokenStore } from './session-tokens.js';
export type { ClientMetrics } from './metrics.js';
export type {
  FailureCode,
  OperationFailure,
  OperationResult,
  OperationSuccess,
} from './operation-result.js';
export type { ProductWithTarget } from './operations/create-product-with-target.js';
export type { ImportedSchedule } from './operations/import-schedule.js';
export type { OnboardedDoctor } from './operations/onboard-doctor.js';
export type { EducationRegistration, EducationStep } from './operations/register-education.js';
export type * from './types.js';
export { medicaLink } from './default-client.js';
export { PERMISSION_LABELS } from './permissions.js';
