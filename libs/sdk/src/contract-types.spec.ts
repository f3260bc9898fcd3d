import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type {
  Account as AccountContract,
  AudienceTarget as AudienceTargetContract,
  CategoryDetermination as CategoryDeterminationContract,
  CategoryRegistrationResponse,
  ChangePasswordBody,
  CollegesReferenceResponse,
  CompleteRegistrationResponse,
  CountriesReferenceResponse,
  CoverageResult as CoverageResultContract,
  CreateAccountBody,
  CreateDoctorBody,
  CreateDoctorResponse as CreateDoctorResponseContract,
  CreateHospitalBody,
  CreateRegistrationRecordResponse,
  DeadLettersPage,
  DoctorComposite,
  DoctorsPageResponse,
  EducationRecord as EducationRecordContract,
  EducationValidationResult,
  ErrorEnvelope as ErrorEnvelopeContract,
  GatewayHealth as GatewayHealthContract,
  LiveEvent as LiveEventContract,
  LiveEventType as LiveEventTypeContract,
  Hospital as HospitalContract,
  ImportMessage as ImportMessageContract,
  LinkAccountResponse,
  ListProductsQuery as ListProductsQueryContract,
  LoginResponse as LoginResponseContract,
  PaginatedResponse,
  Permission,
  Product as ProductContract,
  ProductCommitSucceeded,
  ProductInput as ProductInputContract,
  ProductOptions as ProductOptionsContract,
  ProductSessionCreated as ProductSessionCreatedContract,
  ProductSessionProgress as ProductSessionProgressContract,
  ProductSessionView,
  RegistrationAuditResponse,
  RegistrationListItem,
  RegistrationView,
  ReplayDeadLettersResponse,
  RetrySagaResponse,
  RunRegistrationBody,
  RunRegistrationResponse,
  SagaListItem,
  SagaView,
  ScheduleImportAccepted,
  ScheduleImportStatus,
  ScheduleImportView,
  ScheduleVersionResponse,
  SearchDoctorsQuery as SearchDoctorsQueryContract,
  ServiceErrorsResponse,
  StageRegistrationBody,
  StageRegistrationResponse,
  UniversitiesReferenceResponse,
  UpdateAccountBody,
  UpdateDoctorBody,
  UpdateDoctorResponse,
  ValidateRegistrationResponse,
} from '@medicalink/contracts';
import type { MedicaLinkClient } from './client.js';
import type { OperationResult } from './operation-result.js';
import type * as Sdk from './types.js';

/**
 * The SDK writes the gateway's shapes out as plain types (the published package cannot depend
 * on the private contracts library or on zod). These checks fail to compile (`npm run
 * typecheck`, part of `npm test`) when a contract and the SDK drift apart: what every client
 * method answers must be exactly what the gateway's contract for that route says, every method
 * that answers an OperationResult must be listed here, and bodies must be what the gateway
 * accepts.
 */
type Out<T extends z.ZodType> = z.output<T>;
type PageOf<T extends z.ZodType> = PaginatedResponse<Out<T>>;
/** One object type of an intersection (expectTypeOf compares them only flattened). */
type Flat<T> = { [K in keyof T]: T[K] };

type StepReplies = {
  validate: Out<typeof ValidateRegistrationResponse>;
  category: Out<typeof CategoryRegistrationResponse>;
  'link-account': Out<typeof LinkAccountResponse>;
  create: Out<typeof CreateRegistrationRecordResponse>;
  complete: Out<typeof CompleteRegistrationResponse>;
};

/** What each method of the client answers, from the contract the gateway documents its route with. */
type Answers = {
  login: Out<typeof LoginResponseContract>;
  /** 204: no body */
  logout: void;
  me: Out<typeof AccountContract>;
  changePassword: Out<typeof LoginResponseContract>;
  createAccount: Out<typeof AccountContract>;
  listAccounts: PageOf<typeof AccountContract>;
  getAccount: Out<typeof AccountContract>;
  updateAccount: Out<typeof AccountContract>;
  /** 204: no body */
  deleteAccount: void;

  createDoctor: Out<typeof CreateDoctorResponseContract>;
  getDoctor: Out<typeof DoctorComposite>;
  getDoctors: Out<typeof DoctorsPageResponse>;
  searchDoctors: Out<typeof DoctorsPageResponse>;
  updateDoctor: Out<typeof UpdateDoctorResponse>;
  getSaga: Out<typeof SagaView>;
  listSagas: PageOf<typeof SagaListItem>;
  retrySaga: Out<typeof RetrySagaResponse>;

  getHealth: Out<typeof GatewayHealthContract>;
  /** Prometheus text */
  getGatewayMetrics: string;
  getServiceErrors: Out<typeof ServiceErrorsResponse>;
  listDeadLetters: Out<typeof DeadLettersPage>;
  replayDeadLetters: Out<typeof ReplayDeadLettersResponse>;

  createProductSession: Out<typeof ProductSessionCreatedContract>;
  addSessionProduct: Out<typeof ProductSessionView>;
  addSessionTarget: Out<typeof ProductSessionView>;
  commitSession: Out<typeof ProductCommitSucceeded>;
  getSessionProgress: Out<typeof ProductSessionProgressContract>;
  createProduct: Out<typeof ProductContract>;
  getProduct: Out<typeof ProductContract>;
  replaceProductTarget: Out<typeof ProductContract>;
  getProductOptions: Out<typeof ProductOptionsContract>;
  listProducts: PageOf<typeof ProductContract>;

  stageEducationRegistration: Out<typeof StageRegistrationResponse>;
  listEducationRegistrations: PageOf<typeof RegistrationListItem>;
  getEducationRegistration: Out<typeof RegistrationView>;
  runEducationRegistration: Out<typeof RunRegistrationResponse>;
  getEducationRegistrationAudit: Out<typeof RegistrationAuditResponse>;
  getEducationRecord: Out<typeof EducationRecordContract>;
  listEducationRecords: PageOf<typeof EducationRecordContract>;
  listCountries: Out<typeof CountriesReferenceResponse>;
  listUniversities: Out<typeof UniversitiesReferenceResponse>;
  listColleges: Out<typeof CollegesReferenceResponse>;

  uploadScheduleImport: Out<typeof ScheduleImportAccepted>;
  getScheduleImport: Out<typeof ScheduleImportView>;
  listScheduleImports: PageOf<typeof ScheduleImportView>;
  getScheduleVersion: Out<typeof ScheduleVersionResponse>;
  recalculateCoverage: Out<typeof CoverageResultContract>;
  listHospitals: PageOf<typeof HospitalContract>;
  createHospital: Out<typeof HospitalContract>;

  // The cross-service operations answer what their steps' routes answer, put together.
  onboardDoctor: Flat<
    Out<typeof CreateDoctorResponseContract> & { doctor: Out<typeof DoctorComposite> }
  >;
  createProductWithTarget: {
    sessionId: string;
    commit: Out<typeof ProductCommitSucceeded>;
    sessions: number;
  };
  registerEducation: {
    sessionId: string;
    steps: Partial<Flat<{ stage: Out<typeof StageRegistrationResponse> } & StepReplies>>;
    registration: Out<typeof RegistrationView>;
  };
  importSchedule: {
    importId: string;
    status: Out<typeof ScheduleImportStatus>;
    warnings: Out<typeof ImportMessageContract>[];
    import: Out<typeof ScheduleImportView>;
  };
};

/** The client's methods that answer an OperationResult (its routes and operations). */
type ResultMethods = {
  [K in keyof MedicaLinkClient]: MedicaLinkClient[K] extends (
    ...args: never[]
  ) => Promise<OperationResult<unknown>>
    ? K
    : never;
}[keyof MedicaLinkClient];

type Answered<K> = K extends keyof MedicaLinkClient
  ? MedicaLinkClient[K] extends (...args: never[]) => Promise<infer R>
    ? R
    : never
  : never;

declare const _client: MedicaLinkClient;

describe('what the SDK answers is what the gateway contracts say', () => {
  it('every method answering an OperationResult is listed, with its contract', () => {
    expectTypeOf<ResultMethods>().toEqualTypeOf<keyof Answers | 'educationRegistrationStep'>();
    // One line per method, so a failure names the method whose contract changed.
    expectTypeOf<Answered<'login'>>().toEqualTypeOf<OperationResult<Answers['login']>>();
    expectTypeOf<Answered<'logout'>>().toEqualTypeOf<OperationResult<Answers['logout']>>();
    expectTypeOf<Answered<'me'>>().toEqualTypeOf<OperationResult<Answers['me']>>();
    expectTypeOf<Answered<'changePassword'>>().toEqualTypeOf<
      OperationResult<Answers['changePassword']>
    >();
    expectTypeOf<Answered<'createAccount'>>().toEqualTypeOf<
      OperationResult<Answers['createAccount']>
    >();
    expectTypeOf<Answered<'getAccount'>>().toEqualTypeOf<OperationResult<Answers['getAccount']>>();
    expectTypeOf<Answered<'updateAccount'>>().toEqualTypeOf<
      OperationResult<Answers['updateAccount']>
    >();
    expectTypeOf<Answered<'deleteAccount'>>().toEqualTypeOf<
      OperationResult<Answers['deleteAccount']>
    >();
    expectTypeOf<Answered<'createDoctor'>>().toEqualTypeOf<
      OperationResult<Answers['createDoctor']>
    >();
    expectTypeOf<Answered<'getDoctor'>>().toEqualTypeOf<OperationResult<Answers['getDoctor']>>();
    expectTypeOf<Answered<'getDoctors'>>().toEqualTypeOf<OperationResult<Answers['getDoctors']>>();
    expectTypeOf<Answered<'searchDoctors'>>().toEqualTypeOf<
      OperationResult<Answers['searchDoctors']>
    >();
    expectTypeOf<Answered<'updateDoctor'>>().toEqualTypeOf<
      OperationResult<Answers['updateDoctor']>
    >();
    expectTypeOf<Answered<'getSaga'>>().toEqualTypeOf<OperationResult<Answers['getSaga']>>();
    expectTypeOf<Answered<'listAccounts'>>().toEqualTypeOf<
      OperationResult<Answers['listAccounts']>
    >();
    expectTypeOf<Answered<'listEducationRegistrations'>>().toEqualTypeOf<
      OperationResult<Answers['listEducationRegistrations']>
    >();
    expectTypeOf<Answered<'listSagas'>>().toEqualTypeOf<OperationResult<Answers['listSagas']>>();
    expectTypeOf<Answered<'retrySaga'>>().toEqualTypeOf<OperationResult<Answers['retrySaga']>>();
    expectTypeOf<Answered<'getHealth'>>().toEqualTypeOf<OperationResult<Answers['getHealth']>>();
    expectTypeOf<Answered<'getGatewayMetrics'>>().toEqualTypeOf<
      OperationResult<Answers['getGatewayMetrics']>
    >();
    expectTypeOf<Answered<'getServiceErrors'>>().toEqualTypeOf<
      OperationResult<Answers['getServiceErrors']>
    >();
    expectTypeOf<Answered<'listDeadLetters'>>().toEqualTypeOf<
      OperationResult<Answers['listDeadLetters']>
    >();
    expectTypeOf<Answered<'replayDeadLetters'>>().toEqualTypeOf<
      OperationResult<Answers['replayDeadLetters']>
    >();
    expectTypeOf<Answered<'createProductSession'>>().toEqualTypeOf<
      OperationResult<Answers['createProductSession']>
    >();
    expectTypeOf<Answered<'addSessionProduct'>>().toEqualTypeOf<
      OperationResult<Answers['addSessionProduct']>
    >();
    expectTypeOf<Answered<'addSessionTarget'>>().toEqualTypeOf<
      OperationResult<Answers['addSessionTarget']>
    >();
    expectTypeOf<Answered<'commitSession'>>().toEqualTypeOf<
      OperationResult<Answers['commitSession']>
    >();
    expectTypeOf<Answered<'getSessionProgress'>>().toEqualTypeOf<
      OperationResult<Answers['getSessionProgress']>
    >();
    expectTypeOf<Answered<'createProduct'>>().toEqualTypeOf<
      OperationResult<Answers['createProduct']>
    >();
    expectTypeOf<Answered<'getProduct'>>().toEqualTypeOf<OperationResult<Answers['getProduct']>>();
    expectTypeOf<Answered<'getProductOptions'>>().toEqualTypeOf<
      OperationResult<Answers['getProductOptions']>
    >();
    expectTypeOf<Answered<'replaceProductTarget'>>().toEqualTypeOf<
      OperationResult<Answers['replaceProductTarget']>
    >();
    expectTypeOf<Answered<'listProducts'>>().toEqualTypeOf<
      OperationResult<Answers['listProducts']>
    >();
    expectTypeOf<Answered<'stageEducationRegistration'>>().toEqualTypeOf<
      OperationResult<Answers['stageEducationRegistration']>
    >();
    expectTypeOf<Answered<'getEducationRegistration'>>().toEqualTypeOf<
      OperationResult<Answers['getEducationRegistration']>
    >();
    expectTypeOf<Answered<'runEducationRegistration'>>().toEqualTypeOf<
      OperationResult<Answers['runEducationRegistration']>
    >();
    expectTypeOf<Answered<'getEducationRegistrationAudit'>>().toEqualTypeOf<
      OperationResult<Answers['getEducationRegistrationAudit']>
    >();
    expectTypeOf<Answered<'getEducationRecord'>>().toEqualTypeOf<
      OperationResult<Answers['getEducationRecord']>
    >();
    expectTypeOf<Answered<'listEducationRecords'>>().toEqualTypeOf<
      OperationResult<Answers['listEducationRecords']>
    >();
    expectTypeOf<Answered<'listCountries'>>().toEqualTypeOf<
      OperationResult<Answers['listCountries']>
    >();
    expectTypeOf<Answered<'listUniversities'>>().toEqualTypeOf<
      OperationResult<Answers['listUniversities']>
    >();
    expectTypeOf<Answered<'listColleges'>>().toEqualTypeOf<
      OperationResult<Answers['listColleges']>
    >();
    expectTypeOf<Answered<'uploadScheduleImport'>>().toEqualTypeOf<
      OperationResult<Answers['uploadScheduleImport']>
    >();
    expectTypeOf<Answered<'getScheduleImport'>>().toEqualTypeOf<
      OperationResult<Answers['getScheduleImport']>
    >();
    expectTypeOf<Answered<'listScheduleImports'>>().toEqualTypeOf<
      OperationResult<Answers['listScheduleImports']>
    >();
    expectTypeOf<Answered<'getScheduleVersion'>>().toEqualTypeOf<
      OperationResult<Answers['getScheduleVersion']>
    >();
    expectTypeOf<Answered<'recalculateCoverage'>>().toEqualTypeOf<
      OperationResult<Answers['recalculateCoverage']>
    >();
    expectTypeOf<Answered<'listHospitals'>>().toEqualTypeOf<
      OperationResult<Answers['listHospitals']>
    >();
    expectTypeOf<Answered<'createHospital'>>().toEqualTypeOf<
      OperationResult<Answers['createHospital']>
    >();
    expectTypeOf<Answered<'onboardDoctor'>>().toEqualTypeOf<
      OperationResult<Answers['onboardDoctor']>
    >();
    expectTypeOf<Answered<'createProductWithTarget'>>().toEqualTypeOf<
      OperationResult<Answers['createProductWithTarget']>
    >();
    expectTypeOf<Answered<'registerEducation'>>().toEqualTypeOf<
      OperationResult<Answers['registerEducation']>
    >();
    expectTypeOf<Answered<'importSchedule'>>().toEqualTypeOf<
      OperationResult<Answers['importSchedule']>
    >();
  });

  it('each education step answers its own contract', () => {
    type Step<S extends keyof StepReplies> = Awaited<
      ReturnType<typeof _client.educationRegistrationStep<S>>
    >;
    expectTypeOf<Step<'validate'>>().toEqualTypeOf<OperationResult<StepReplies['validate']>>();
    expectTypeOf<Step<'category'>>().toEqualTypeOf<OperationResult<StepReplies['category']>>();
    expectTypeOf<Step<'link-account'>>().toEqualTypeOf<
      OperationResult<StepReplies['link-account']>
    >();
    expectTypeOf<Step<'create'>>().toEqualTypeOf<OperationResult<StepReplies['create']>>();
    expectTypeOf<Step<'complete'>>().toEqualTypeOf<OperationResult<StepReplies['complete']>>();
    expectTypeOf<Sdk.EducationStepName>().toEqualTypeOf<keyof StepReplies>();
  });

  it('the shapes the SDK exports match the contracts', () => {
    expectTypeOf<Sdk.Account>().toEqualTypeOf<Out<typeof AccountContract>>();
    expectTypeOf<Sdk.Doctor>().toEqualTypeOf<Out<typeof DoctorComposite>>();
    expectTypeOf<Sdk.DoctorsPage>().toEqualTypeOf<Out<typeof DoctorsPageResponse>>();
    expectTypeOf<Sdk.Saga>().toEqualTypeOf<Out<typeof SagaView>>();
    expectTypeOf<Sdk.SagaListItem>().toEqualTypeOf<Out<typeof SagaListItem>>();
    expectTypeOf<Sdk.ErrorEnvelope>().toEqualTypeOf<Out<typeof ErrorEnvelopeContract>>();
    expectTypeOf<Sdk.ImportMessage>().toEqualTypeOf<Out<typeof ImportMessageContract>>();
    expectTypeOf<Sdk.EducationSession>().toEqualTypeOf<Out<typeof RegistrationView>>();
    expectTypeOf<Sdk.RegistrationListItem>().toEqualTypeOf<Out<typeof RegistrationListItem>>();
    expectTypeOf<Sdk.EducationValidation>().toEqualTypeOf<Out<typeof EducationValidationResult>>();
    expectTypeOf<Sdk.CategoryDetermination>().toEqualTypeOf<
      Out<typeof CategoryDeterminationContract>
    >();
    expectTypeOf<Sdk.EducationRecord>().toEqualTypeOf<Out<typeof EducationRecordContract>>();
  });

  it('bodies', () => {
    expectTypeOf<Sdk.Permission>().toEqualTypeOf<Permission>();
    expectTypeOf<Sdk.CreateDoctorInput>().toEqualTypeOf<z.input<typeof CreateDoctorBody>>();
    expectTypeOf<Sdk.CreateAccountInput>().toEqualTypeOf<z.input<typeof CreateAccountBody>>();
    expectTypeOf<Sdk.UpdateAccountInput>().toEqualTypeOf<z.input<typeof UpdateAccountBody>>();
    expectTypeOf<Sdk.UpdateDoctorInput>().toEqualTypeOf<z.input<typeof UpdateDoctorBody>>();
    expectTypeOf<Sdk.ProductInput>().toEqualTypeOf<z.input<typeof ProductInputContract>>();
    expectTypeOf<Sdk.AudienceTarget>().toEqualTypeOf<z.input<typeof AudienceTargetContract>>();
    expectTypeOf<Sdk.ChangePasswordInput>().toEqualTypeOf<z.input<typeof ChangePasswordBody>>();
    expectTypeOf<Sdk.SearchDoctorsQuery>().toExtend<z.input<typeof SearchDoctorsQueryContract>>();
    expectTypeOf<Sdk.StageRegistrationInput>().toEqualTypeOf<
      z.input<typeof StageRegistrationBody>
    >();
    expectTypeOf<Sdk.EducationRegistrationInput>().toEqualTypeOf<
      z.input<typeof RunRegistrationBody>
    >();
    expectTypeOf<Sdk.CreateHospitalInput>().toEqualTypeOf<z.input<typeof CreateHospitalBody>>();
    expectTypeOf<Sdk.ListProductsQuery>().toExtend<z.input<typeof ListProductsQueryContract>>();
  });

  it('live events (GET /events)', () => {
    expectTypeOf<Sdk.LiveEvent>().toEqualTypeOf<Out<typeof LiveEventContract>>();
    expectTypeOf<Sdk.LiveEventType>().toEqualTypeOf<LiveEventTypeContract>();
  });
});
