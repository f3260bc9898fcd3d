export {
  defineEvent,
  defineRpc,
  SERVICE_NAMES,
  type EventContract,
  type EventPayload,
  type EventPayloadInput,
  type RpcContract,
  type RpcRequest,
  type RpcRequestParsed,
  type RpcResponse,
  type RpcResponseInput,
  type ServiceName,
} from './common/define';
export { ErrorEnvelope, RpcReply, TransportErrorCode } from './common/error-envelope';
export {
  CacheMetadata,
  PaginatedResponse,
  PaginationMetadata,
  PaginationQuery,
  paginationMetadata,
} from './common/pagination';
export {
  DependencyStatus,
  ERROR_REPORTING_SERVICES,
  GatewayHealth,
  HEALTH_CHECKED_SERVICES,
  healthCheckRpc,
  RecentServiceErrors,
  ServiceErrorsParams,
  ServiceErrorsResponse,
  ServiceHealth,
} from './health/health.rpc';
export {
  DateOnly,
  Email,
  FullName,
  IdList,
  Password,
  Phone,
  Timestamp,
  Uuid,
} from './common/fields';
export {
  Account,
  AccountActor,
  AccountsErrorCode,
  accountRpc,
  authRpc,
  CreateAccountRequest,
  isAtLeast,
  ListAccountsQuery,
  OWNER_ACCOUNT_FIELDS,
  permissionsRpc,
  Privilege,
  UpdateAccountFields,
} from './accounts/account.rpc';
export {
  staffAccountCreated,
  staffAccountDeleted,
  staffAccountUpdated,
} from './accounts/account.events';
export {
  DOCTOR_ROLE_PERMISSIONS,
  PERMISSION_CATALOG,
  type Permission,
} from './accounts/permission-catalog';
export {
  CreateDoctorRequest,
  DirectoryErrorCode,
  Doctor,
  doctorRpc,
  Hospital,
  hospitalRpc,
  LicenseNumber,
  SearchDoctorsRequest,
  Specialty,
  UpdateDoctorFields,
} from './directory/doctor.rpc';
export {
  doctorProfileCreated,
  doctorProfileDeleted,
  doctorProfileUpdated,
} from './directory/doctor.events';
export {
  CONSOLE_HEADER,
  ConsoleHeaders,
  JwtClaims,
  LoginBody,
  LoginResponse,
  REFRESH_COOKIE,
  RefreshBody,
  RefreshDelivery,
} from './http/auth.http';
export {
  IssuedRefreshToken,
  RefreshLifetime,
  RefreshTokenErrorCode,
  refreshTokenRpc,
} from './accounts/refresh-token.rpc';
export {
  AccountIdParams,
  CreateAccountBody,
  IdempotencyKeyHeaders,
  UpdateAccountBody,
} from './http/accounts.http';
export { DoctorComposite, doctorCompositeRpc } from './orchestrator/doctor-composite.rpc';
export {
  CreateDoctorCommand,
  doctorSagaRpc,
  sagaRpc,
  SagaStateName,
  SagaView,
} from './orchestrator/doctor-saga.rpc';
export {
  CreateDoctorBody,
  CreateDoctorResponse,
  DoctorIdParams,
  DoctorReadResponse,
  DoctorsPageResponse,
  SagaIdParams,
  SearchDoctorsQuery,
  UpdateDoctorBody,
  UpdateDoctorResponse,
} from './http/doctors.http';
export {
  EVENT_SUBSCRIPTIONS,
  INSTANCE_EVENT_SUBSCRIPTIONS,
  subscribedEventNames,
} from './subscriptions';
export {
  CoverageResult,
  CoverageSummary,
  ImportMessage,
  RosterImportResult,
  redactRosterUrl,
  RosterSourceUrl,
  SCHEDULE_FILE_TYPES,
  ScheduleAssignment,
  ScheduleErrorCode,
  ScheduleFileType,
  ScheduleShift,
  ScheduleVersion,
  scheduleRpc,
  ShiftCoverage,
  SpreadsheetImportResult,
  ValidationResult,
} from './directory/schedule.rpc';
export {
  PhaseState,
  SCHEDULE_IMPORT_PHASES,
  ScheduleImportErrorCode,
  ScheduleImportPhase,
  ScheduleImportPhaseName,
  scheduleImportRpc,
  ScheduleImportStatus,
  ScheduleImportView,
  StartScheduleImportCommand,
} from './orchestrator/schedule-import.rpc';
export {
  CreateHospitalBody,
  ListHospitalsQuery,
  ListScheduleImportsQuery,
  ScheduleImportAccepted,
  ScheduleImportFields,
  ScheduleImportForm,
  ScheduleImportIdParams,
  ScheduleVersionIdParams,
  ScheduleVersionQuery,
  ScheduleVersionResponse,
} from './http/schedules.http';
export {
  AccessModifier,
  BusinessId,
  CountryCode,
  DegreeType,
  EducationCategory,
  EducationData,
  GraduationYear,
  ReferenceId,
} from './education/education.fields';
export {
  College,
  CollegesQuery,
  CountriesQuery,
  Country,
  referenceRpc,
  UniversitiesQuery,
  University,
} from './education/reference.rpc';
export {
  BusinessIdCheck,
  CategoryDetermination,
  checksRpc,
  CollegeCountryCheck,
  UniversityCountryCheck,
  VALIDATION_WEIGHTS,
  EducationValidationResult,
  ValidateEducationRequest,
  ValidationIssue,
} from './education/checks.rpc';
export {
  CreateEducationRecordRequest,
  EducationErrorCode,
  EducationRecord,
  ListEducationRecordsRequest,
  recordRpc,
} from './education/record.rpc';
export { educationRecordCreated } from './education/record.events';
export {
  AUDIENCE_QUERY_CRITERIA,
  AudienceTarget,
  ListProductsQuery,
  Price,
  Product,
  ProductCode,
  ProductErrorCode,
  ProductInput,
  productRpc,
  ProductTarget,
  ProductYear,
  TARGET_CRITERIA,
  TaxRate,
  type ParsedAudienceTarget,
  type ParsedProductInput,
  type TargetCriterion,
} from './product/product.rpc';
export { amountToNumber, canonicalAmount, decimalAmount } from './product/product.fields';
export {
  PRODUCT_OPTION_SETS,
  ProductOption,
  ProductOptions,
  type ProductOptionSet,
} from './product/product-options';
export { unknownChoices, type ChoiceIssue } from './product/product-choices';
export { productCreated, productTargetReplaced } from './product/product.events';
export {
  CreateProductBody,
  ListProductsHttpQuery,
  ProductIdParams,
  ReplaceProductTargetBody,
} from './http/products.http';
export {
  ProductCommitFailed,
  ProductCommitResult,
  ProductCommitSucceeded,
  ProductSessionCaller,
  ProductSessionCreated,
  ProductSessionErrorCode,
  ProductSessionId,
  ProductSessionParams,
  ProductSessionProgress,
  ProductSessionState,
  productSessionRpc,
  ProductSessionView,
  StagedProduct,
  StagedTarget,
} from './orchestrator/product-session.rpc';
export { AuthenticatedAccount, TokenState } from './accounts/account.rpc';
export { ChangePasswordBody } from './http/auth.http';
export {
  AuditOutcome,
  CategoryRegistrationResponse,
  CompleteRegistrationResponse,
  CreateRegistrationRecordResponse,
  educationRegistrationRpc,
  LinkAccountBody,
  LinkAccountResponse,
  ListRegistrationsQuery,
  RegistrationAuditEntry,
  RegistrationAuditResponse,
  RegistrationCaller,
  RegistrationCategory,
  RegistrationIdParams,
  RegistrationLastError,
  RegistrationListItem,
  RegistrationPriority,
  RegistrationStatus,
  RegistrationStep,
  RegistrationView,
  RunRegistrationBody,
  RunRegistrationResponse,
  StageRegistrationBody,
  StageRegistrationResponse,
  ValidateRegistrationResponse,
} from './orchestrator/education-registration.rpc';
export { educationRegistrationTransitioned } from './orchestrator/education-registration.events';
export {
  CollegesReferenceQuery,
  CollegesReferenceResponse,
  CountriesReferenceQuery,
  CountriesReferenceResponse,
  EducationRecordIdParams,
  ListEducationRecordsQuery,
  RegistrationAuditQuery,
  UniversitiesReferenceQuery,
  UniversitiesReferenceResponse,
} from './http/education.http';
export {
  ListSagasQuery,
  OperatorRetry,
  RetrySagaResponse,
  SagaListItem,
  SagaOperationsErrorCode,
  sagaOperationsRpc,
} from './orchestrator/saga-operations.rpc';
export {
  SAGA_EVENTS,
  sagaCompensated,
  sagaCompensationFailed,
  sagaCompensationRetried,
  sagaCompleted,
  sagaStarted,
  sagaStepFailed,
  sagaStepSucceeded,
} from './orchestrator/saga.events';
export {
  DeadLetterServiceParams,
  DeadLettersPage,
  DeadLettersQuery,
  DeadLetterView,
  ReplayDeadLettersBody,
  ReplayDeadLettersResponse,
} from './http/dead-letters.http';
export {
  scheduleImportPhaseFinished,
  scheduleImportPhaseStarted,
} from './orchestrator/schedule-import.events';
export {
  educationRegistrationStepDone,
  educationRegistrationStepFailed,
} from './orchestrator/education-registration.events';
export {
  EventsHeaders,
  EventsQuery,
  eventTypePrefixes,
  LIVE_CONTROL_EVENTS,
  LIVE_EVENT_SOURCES,
  LIVE_EVENT_TYPES,
  LiveControlData,
  LiveEvent,
  LiveEventId,
  LiveEventSubject,
  matchesTypePrefixes,
  type AnyLiveEvent,
  type LiveControlEvent,
  type LiveEventOf,
  type LiveEventType,
} from './events/live-event';
