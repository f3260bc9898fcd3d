export { createMedicaLinkClient, MedicaLinkClient } from './client';
export type { CreateOptions, OperationOptions } from './client';
export {
  DEFAULTS,
  MAX_BATCH_SIZE,
  type Credentials,
  type FetchLike,
  type MedicaLinkClientConfig,
  type SdkLogger,
} from './config';
export type { ClientEvent, ClientEventListener, ClientEventType } from './events';
export type { HealthReport } from './health';
export type { ClientMetrics } from './metrics';
export type {
  FailureCode,
  OperationFailure,
  OperationResult,
  OperationSuccess,
} from './operation-result';
export type { ProductWithTarget } from './operations/create-product-with-target';
export type { ImportedSchedule } from './operations/import-schedule';
export type { OnboardedDoctor } from './operations/onboard-doctor';
export type { EducationRegistration, EducationStep } from './operations/register-education';
export type * from './types';
export { medicaLink } from './default-client';
