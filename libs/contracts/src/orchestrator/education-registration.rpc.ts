import { z } from 'zod';
import { Privilege } from '../accounts/account.rpc';
import { defineRpc } from '../common/define';
import { ErrorEnvelope } from '../common/error-envelope';
import { BusinessId, Timestamp, Uuid } from '../common/fields';
import { optionalFilter, PaginatedResponse, PaginationQuery } from '../common/pagination';
import { CategoryDetermination, EducationValidationResult } from '../education/checks.rpc';
import { EducationData } from '../education/education.fields';
import { EducationRecord } from '../education/record.rpc';

export const RegistrationStatus = z.enum([
  'pending',
  'staged',
  'validated',
  'category_determined',
  'account_linked',
  'education_created',
  'workflow_completed',
  'creation_failed',
]);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

/** Who calls: the gateway passes the token's subject and privilege with every request. */
export const RegistrationCaller = z.object({ id: Uuid, privilege: Privilege }).strict();
export type RegistrationCaller = z.infer<typeof RegistrationCaller>;

export const RegistrationPriority = z.enum(['normal', 'high']);
export type RegistrationPriority = z.infer<typeof RegistrationPriority>;

export const RegistrationOptions = z
  .object({
    /** session lifetime in hours (fractions allowed), at most 72; default 24 */
    expirationHours: z
      .number()
      .positive('must be positive')
      .max(72, 'must be at most 72')
      .default(24),
    /** admin and main only: category may follow staging without validation */
    skipValidation: z.boolean().default(false),
    /** kept on the registration and shown with it; it changes nothing else */
    priority: RegistrationPriority.default('normal'),
  })
  .strict();

/** POST /education/registrations */
export const StageRegistrationBody = z
  .object({
    userBusinessId: BusinessId,
    educationData: EducationData,
    options: RegistrationOptions.default({
      expirationHours: 24,
      skipValidation: false,
      priority: 'normal',
    }),
  })
  .strict();
export type StageRegistrationBody = z.infer<typeof StageRegistrationBody>;

/** POST /education/registrations/run: the staging body plus the account to link. */
export const RunRegistrationBody = StageRegistrationBody.extend({ accountId: Uuid }).strict();
export type RunRegistrationBody = z.infer<typeof RunRegistrationBody>;

/** POST /education/registrations/:id/link-account */
export const LinkAccountBody = z.object({ accountId: Uuid }).strict();
export type LinkAccountBody = z.infer<typeof LinkAccountBody>;

export const RegistrationIdParams = z.object({ id: Uuid });
export type RegistrationIdParams = z.infer<typeof RegistrationIdParams>;

export const RegistrationProgress = z.object({
  staged: z.boolean(),
  validated: z.boolean(),
  categoryDetermined: z.boolean(),
  accountLinked: z.boolean(),
  persisted: z.boolean(),
  completed: z.boolean(),
});

export const RegistrationStep = z.enum([
  'stage',
  'validate',
  'category',
  'link-account',
  'create',
  'complete',
]);
export type RegistrationStep = z.infer<typeof RegistrationStep>;

/** What the last failed step left on the registration (a 5xx's own text stays in the logs). */
export const RegistrationLastError = z.object({
  step: RegistrationStep,
  code: z.string(),
  message: z.string(),
  at: Timestamp,
});
export type RegistrationLastError = z.infer<typeof RegistrationLastError>;

/**
 * The category and what decided it: the account whose membership the rule used (`accountId`,
 * `membershipExpiresAt`) and the step that decided it. The category step decides it with the
 * account then carrying the business id; linking decides it again with the linked account,
 * which is the decision the record gets.
 */
export const RegistrationCategory = CategoryDetermination.extend({
  decidedAtStep: z.enum(['category', 'link-account']),
});
export type RegistrationCategory = z.infer<typeof RegistrationCategory>;

/** GET /education/registrations/:id */
export const RegistrationView = z.object({
  sessionId: Uuid,
  userBusinessId: z.string(),
  status: RegistrationStatus,
  createdAt: Timestamp,
  lastUpdatedAt: Timestamp,
  expiresAt: Timestamp,
  educationData: EducationData,
  options: z.object({
    expirationHours: z.number(),
    skipValidation: z.boolean(),
    priority: RegistrationPriority,
  }),
  progress: RegistrationProgress,
  validation: EducationValidationResult.nullable(),
  category: RegistrationCategory.nullable(),
  linkedAccountId: Uuid.nullable(),
  createdEducationId: Uuid.nullable(),
  /** the last failed step's message (null once a step succeeds again) */
  errorMessage: z.string().nullable(),
  lastError: RegistrationLastError.nullable(),
});
export type RegistrationView = z.infer<typeof RegistrationView>;

export const StageRegistrationResponse = z.object({
  sessionId: Uuid,
  status: RegistrationStatus,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  success: z.boolean(),
  message: z.string(),
});

export const ValidateRegistrationResponse = EducationValidationResult.extend({
  sessionId: Uuid,
  status: RegistrationStatus,
});
export const CategoryRegistrationResponse = RegistrationCategory.extend({
  sessionId: Uuid,
  status: RegistrationStatus,
});
export const LinkAccountResponse = z.object({
  sessionId: Uuid,
  status: RegistrationStatus,
  linked: z.boolean(),
  linkedAccountId: Uuid,
  /** the account had no business id and received the session's (admin, main) */
  businessIdAssigned: z.boolean(),
  /** decided again with the linked account's membership */
  category: RegistrationCategory,
});
export const CreateRegistrationRecordResponse = z.object({
  sessionId: Uuid,
  status: RegistrationStatus,
  created: z.boolean(),
  createdEducationId: Uuid,
  record: EducationRecord,
});
export const CompleteRegistrationResponse = z.object({
  sessionId: Uuid,
  status: RegistrationStatus,
  completedAt: Timestamp,
  createdEducationId: Uuid,
});

export const RunRegistrationResponse = z.object({
  completed: z.boolean(),
  session: RegistrationView,
  /** the step the run stopped at, null when every step succeeded */
  failedStep: RegistrationStep.nullable(),
  /** that step's result: a failed validation, or the error the step ended with */
  stepResult: z.union([EducationValidationResult, ErrorEnvelope]).nullable(),
  steps: z.array(z.object({ step: RegistrationStep, ok: z.boolean() })),
});

export const AuditOutcome = z.enum(['succeeded', 'failed', 'refused']);
export const RegistrationAuditEntry = z.object({
  at: Timestamp,
  /** the caller's account id */
  by: Uuid,
  /** the caller's privilege at the time */
  byPrivilege: Privilege,
  action: z.string(),
  from: RegistrationStatus.nullable(),
  to: RegistrationStatus,
  outcome: AuditOutcome,
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type RegistrationAuditEntry = z.infer<typeof RegistrationAuditEntry>;
export const RegistrationAuditResponse = PaginatedResponse(RegistrationAuditEntry);

/**
 * GET /education/registrations: newest first, paginated; an owner's list holds only the
 * registrations it started (the owner of each session), whatever the filters say.
 */
export const ListRegistrationsQuery = PaginationQuery.extend({
  status: optionalFilter(RegistrationStatus),
  userBusinessId: optionalFilter(z.string().trim().min(1).max(64)),
}).strict();
export type ListRegistrationsQuery = z.infer<typeof ListRegistrationsQuery>;

/**
 * A registration as the list shows it, read from its audit trail (which outlives the session):
 * the status its last transition left, and the session's expiry while it still lives.
 */
export const RegistrationListItem = z.object({
  sessionId: Uuid,
  userBusinessId: z.string(),
  /** the account that started it */
  ownerId: Uuid,
  status: RegistrationStatus,
  /** the last thing tried on it, and how that went (a refusal leaves the status as it was) */
  lastAction: z.string(),
  lastOutcome: AuditOutcome,
  createdAt: Timestamp,
  lastUpdatedAt: Timestamp,
  /** when the session expires; null once it has (its trail and any record remain) */
  expiresAt: Timestamp.nullable(),
});
export type RegistrationListItem = z.infer<typeof RegistrationListItem>;

const withSession = z.object({ caller: RegistrationCaller, id: Uuid }).strict();

export const educationRegistrationRpc = {
  stage: defineRpc('orchestrator.educationRegistration.stage', {
    request: StageRegistrationBody.extend({
      caller: RegistrationCaller,
      /** the caller's Idempotency-Key: a repeated stage returns the session the first made */
      idempotencyKey: z.string().min(1).max(200).optional(),
    }).strict(),
    response: StageRegistrationResponse,
  }),
  validate: defineRpc('orchestrator.educationRegistration.validate', {
    request: withSession,
    response: ValidateRegistrationResponse,
  }),
  category: defineRpc('orchestrator.educationRegistration.category', {
    request: withSession,
    response: CategoryRegistrationResponse,
  }),
  linkAccount: defineRpc('orchestrator.educationRegistration.linkAccount', {
    request: withSession.extend({ accountId: Uuid }).strict(),
    response: LinkAccountResponse,
  }),
  create: defineRpc('orchestrator.educationRegistration.create', {
    request: withSession,
    response: CreateRegistrationRecordResponse,
  }),
  complete: defineRpc('orchestrator.educationRegistration.complete', {
    request: withSession,
    response: CompleteRegistrationResponse,
  }),
  get: defineRpc('orchestrator.educationRegistration.get', {
    request: withSession,
    response: RegistrationView,
  }),
  audit: defineRpc('orchestrator.educationRegistration.audit', {
    request: withSession.extend(PaginationQuery.shape).strict(),
    response: RegistrationAuditResponse,
  }),
  list: defineRpc('orchestrator.educationRegistration.list', {
    request: ListRegistrationsQuery.extend({ caller: RegistrationCaller }).strict(),
    response: PaginatedResponse(RegistrationListItem),
  }),
  run: defineRpc('orchestrator.educationRegistration.run', {
    request: RunRegistrationBody.extend({
      caller: RegistrationCaller,
      /** as for stage: a repeated run with the same key reuses the session it staged */
      idempotencyKey: z.string().min(1).max(200).optional(),
    }).strict(),
    response: RunRegistrationResponse,
  }),
};
