import { AuthSession } from './auth.js';
import { DoctorBatcher } from './batcher.js';
import {
  AbortReason,
  randomId,
  resolveConfig,
  type Credentials,
  type MedicaLinkClientConfig,
  type ResolvedConfig,
} from './config.js';
import { EventHub, type ClientEvent, type ClientEventListener } from './events.js';
import { HealthMonitor, type HealthReport } from './health.js';
import {
  abortFailure,
  HttpTransport,
  reasonOf,
  type HttpResult,
  type RequestSpec,
} from './http.js';
import { MetricsCollector, type ClientMetrics } from './metrics.js';
import type { SessionTokens } from './session-tokens.js';
import { failure, type Failure, type OperationResult } from './operation-result.js';
import type { OperationContext, StepResult } from './operation-context.js';
import {
  createProductWithTarget,
  type ProductWithTarget,
} from './operations/create-product-with-target.js';
import { importSchedule, type ImportedSchedule } from './operations/import-schedule.js';
import { onboardDoctor, type OnboardedDoctor } from './operations/onboard-doctor.js';
import { registerEducation, type EducationRegistration } from './operations/register-education.js';
import type {
  Account,
  AudienceTarget,
  CacheMetadata,
  CachedPage,
  ChangePasswordInput,
  CreateAccountInput,
  CreateDoctorInput,
  CreateDoctorResponse,
  CreateHospitalInput,
  Doctor,
  Hospital,
  EducationRegistrationInput,
  EducationSession,
  GatewayHealth,
  ImportScheduleInput,
  LoginResponse,
  Page,
  PageQuery,
  ProductCommitResult,
  ProductInput,
  ProductSession,
  ProductSessionCreated,
  ProductSessionProgress,
  Product,
  ProductOptions,
  ListProductsQuery,
  Saga,
  SagaListQuery,
  ScheduleImport,
  SearchDoctorsQuery,
  StageRegistrationInput,
  UpdateAccountInput,
  UpdateDoctorInput,
} from './types.js';

export interface OperationOptions {
  /** aborts the operation (it resolves with `code: 'ABORTED'`) */
  signal?: AbortSignal;
  /** overrides the client's `timeout` for this operation, in ms */
  timeout?: number;
}

export interface CreateOptions extends OperationOptions {
  /** the Idempotency-Key to send (default: a new one per call, reused by its retries) */
  idempotencyKey?: string;
}

type Json = Record<string, unknown>;
const id = (value: string) => encodeURIComponent(value);

/**
 * The MedicaLink gateway client: a typed method per route and the cross-service operations,
 * each resolving to an OperationResult (never throwing for HTTP or network failures), with
 * safe retries, per-operation timeouts, getDoctor batching, metrics, health monitoring and
 * events.
 */
export class MedicaLinkClient {
  private readonly config: ResolvedConfig;
  private readonly auth: AuthSession;
  private readonly transport: HttpTransport;
  private readonly events: EventHub;
  private readonly metrics: MetricsCollector;
  private readonly batcher: DoctorBatcher;
  private readonly health: HealthMonitor;
  private readonly inFlight = new Set<AbortController>();
  private readonly lifetime = new AbortController();
  private disposed = false;

  constructor(config: MedicaLinkClientConfig = {}) {
    this.config = resolveConfig(config);
    this.events = new EventHub((error) =>
      this.config.logger?.error('medicalink: an event listener threw', { error: String(error) }),
    );
    this.metrics = new MetricsCollector(Date.now());
    this.auth = new AuthSession(
      this.config,
      (spec, ctx) => this.transport.send(spec, ctx),
      (event) => this.events.emit(event),
      () => this.detachedContext(),
    );
    this.transport = new HttpTransport(this.config, this.auth);
    this.batcher = new DoctorBatcher(
      this.config.batchSize,
      (ids) =>
        this.transport.send<CachedPage<Doctor>>(
          { method: 'GET', path: '/doctors', query: { ids: ids.join(',') } },
          this.detachedContext(),
        ),
      (doctorId) =>
        this.transport.send<{ data: Doctor; cache?: CacheMetadata }>(
          { method: 'GET', path: `/doctors/${id(doctorId)}` },
          this.detachedContext(),
        ),
    );
    this.health = new HealthMonitor(
      () =>
        this.transport.send<GatewayHealth>(
          { method: 'GET', path: '/health', auth: false, answerStatuses: [503], noRetry: true },
          this.detachedContext(),
        ),
      (event) => this.events.emit(event),
      (service, up) => {
        if (this.config.enableMetrics) this.metrics.recordServiceCheck(service, up);
      },
    );
    if (this.config.healthCheckInterval !== undefined) {
      this.startHealthMonitor(this.config.healthCheckInterval);
    }
  }

  // ---- lifecycle, events, metrics, health -------------------------------------------------

  addEventListener(listener: ClientEventListener): () => void {
    return this.events.add(listener);
  }

  removeEventListener(listener: ClientEventListener): void {
    this.events.remove(listener);
  }

  getMetrics(): ClientMetrics {
    return this.metrics.snapshot(Date.now());
  }

  /** GET /health as a report (`overall`, each service); never throws, emits health changes. */
  performHealthCheck(): Promise<HealthReport> {
    if (this.disposed) return Promise.resolve(this.health.unreachable(disposedError().message));
    return this.health.check();
  }

  /** Polls GET /health every `intervalMs`; a change of any status emits `service_health_change`. */
  startHealthMonitor(intervalMs: number): void {
    if (this.disposed) throw disposedError();
    this.health.start(intervalMs);
  }

  stopHealthMonitor(): void {
    this.health.stop();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The current bearer token (after a login), e.g. to store it between CLI runs. */
  get token(): string | undefined {
    return this.auth.currentToken;
  }

  /** The access and refresh tokens held now (see `tokenStore` to keep them across runs). */
  get session(): SessionTokens {
    return this.auth.tokens;
  }

  /**
   * Stops the health monitor, aborts every operation in flight (they resolve with
   * `code: 'DISPOSED'`) and drops the listeners. Later calls resolve with that failure too.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.health.stop();
    this.auth.dispose();
    const reason = disposedError();
    this.batcher.cancel(abortFailure(reason));
    this.lifetime.abort(reason);
    for (const controller of this.inFlight) controller.abort(reason);
    this.inFlight.clear();
    this.events.clear();
  }

  // ---- auth and accounts --------------------------------------------------------------------

  /** POST /auth/login; the token is kept for the following calls. */
  login(
    credentials?: Credentials,
    options?: OperationOptions,
  ): Promise<OperationResult<LoginResponse>> {
    return this.run(
      'login',
      (ctx) => this.auth.loginOnce(requestContext(ctx), credentials),
      options,
    );
  }

  /**
   * POST /auth/logout: signs the account out everywhere (every refresh token revoked, access
   * tokens refused within seconds, the console's cookie cleared) and forgets the tokens here.
   */
  logout(options?: OperationOptions): Promise<OperationResult<void>> {
    return this.run('logout', (ctx) => this.auth.logout(requestContext(ctx)), options);
  }

  me(options?: OperationOptions) {
    return this.call<Account>('me', { method: 'GET', path: '/auth/me' }, options);
  }

  /** POST /auth/password; the new token replaces the current one (older tokens stop working). */
  async changePassword(
    body: ChangePasswordInput,
    options?: OperationOptions,
  ): Promise<OperationResult<LoginResponse>> {
    const result = await this.call<LoginResponse>(
      'changePassword',
      { method: 'POST', path: '/auth/password', body },
      options,
    );
    if (result.success) {
      this.auth.setToken(result.data.accessToken);
      this.auth.passwordChanged(body.newPassword);
    }
    return result;
  }

  createAccount(body: CreateAccountInput, options?: CreateOptions) {
    return this.call<Account>(
      'createAccount',
      {
        method: 'POST',
        path: '/accounts',
        body,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  getAccount(accountId: string, options?: OperationOptions) {
    return this.call<Account>(
      'getAccount',
      { method: 'GET', path: `/accounts/${id(accountId)}` },
      options,
    );
  }

  updateAccount(accountId: string, body: UpdateAccountInput, options?: OperationOptions) {
    return this.call<Account>(
      'updateAccount',
      { method: 'PATCH', path: `/accounts/${id(accountId)}`, body },
      options,
    );
  }

  deleteAccount(accountId: string, options?: OperationOptions) {
    return this.call<void>(
      'deleteAccount',
      { method: 'DELETE', path: `/accounts/${id(accountId)}` },
      options,
    );
  }

  // ---- doctors and sagas --------------------------------------------------------------------

  /** POST /doctors (the saga) under an Idempotency-Key, so its retries join the same saga. */
  createDoctor(body: CreateDoctorInput, options?: CreateOptions) {
    return this.call<CreateDoctorResponse>(
      'createDoctor',
      {
        method: 'POST',
        path: '/doctors',
        body,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  /**
   * The composite doctor. With batching on, the getDoctor calls of one tick go out as
   * GET /doctors?ids=... (batchSize ids a request); `details.cache` is the read's cache metadata.
   */
  getDoctor(doctorId: string, options?: OperationOptions): Promise<OperationResult<Doctor>> {
    return this.run(
      'getDoctor',
      async (ctx): Promise<StepResult<Doctor>> => {
        if (!this.config.enableBatching) {
          const single = await ctx.request<{ data: Doctor; cache?: unknown }>({
            method: 'GET',
            path: `/doctors/${id(doctorId)}`,
          });
          return single.success
            ? {
                success: true,
                data: single.data.data,
                details: { cache: single.data.cache },
                status: single.status,
              }
            : single;
        }
        const lookup = await raceAbort(this.batcher.load(doctorId), ctx.signal);
        return lookup.success
          ? { success: true, data: lookup.doctor, details: { cache: lookup.cache } }
          : lookup;
      },
      options,
    );
  }

  /** GET /doctors?ids=...: up to 100 doctors in one request, in the order asked. */
  getDoctors(ids: readonly string[], options?: OperationOptions) {
    return this.call<CachedPage<Doctor>>(
      'getDoctors',
      { method: 'GET', path: '/doctors', query: { ids: ids.join(',') } },
      options,
    );
  }

  searchDoctors(query: SearchDoctorsQuery = {}, options?: OperationOptions) {
    return this.call<CachedPage<Doctor>>(
      'searchDoctors',
      { method: 'GET', path: '/doctors', query: { ...query } },
      options,
    );
  }

  updateDoctor(doctorId: string, body: UpdateDoctorInput, options?: OperationOptions) {
    return this.call<{ data: Doctor }>(
      'updateDoctor',
      { method: 'PATCH', path: `/doctors/${id(doctorId)}`, body },
      options,
    );
  }

  getSaga(sagaId: string, options?: OperationOptions) {
    return this.call<Saga>('getSaga', { method: 'GET', path: `/sagas/${id(sagaId)}` }, options);
  }

  listSagas(query: SagaListQuery = {}, options?: OperationOptions) {
    return this.call<Page<Saga>>(
      'listSagas',
      { method: 'GET', path: '/sagas', query: { ...query } },
      options,
    );
  }

  retrySaga(sagaId: string, options?: OperationOptions) {
    return this.call<Json>(
      'retrySaga',
      { method: 'POST', path: `/sagas/${id(sagaId)}/retry` },
      options,
    );
  }

  // ---- operations ---------------------------------------------------------------------------

  getHealth(options?: OperationOptions) {
    return this.call<GatewayHealth>(
      'getHealth',
      { method: 'GET', path: '/health', auth: false },
      options,
    );
  }

  /** GET /metrics: the gateway's Prometheus text (admin, main). */
  getGatewayMetrics(options?: OperationOptions) {
    return this.call<string>(
      'getGatewayMetrics',
      { method: 'GET', path: '/metrics', auth: true, text: true },
      options,
    );
  }

  listDeadLetters(
    service: string,
    query: { page?: number; limit?: number } = {},
    options?: OperationOptions,
  ) {
    return this.call<Page<Json>>(
      'listDeadLetters',
      { method: 'GET', path: `/admin/dead-letters/${id(service)}`, query },
      options,
    );
  }

  replayDeadLetters(service: string, messageIds?: string[], options?: OperationOptions) {
    return this.call<{ replayed: number }>(
      'replayDeadLetters',
      {
        method: 'POST',
        path: `/admin/dead-letters/${id(service)}/replay`,
        body: messageIds ? { messageIds } : {},
      },
      options,
    );
  }

  // ---- products (seed 001) ------------------------------------------------------------------

  createProductSession(options?: OperationOptions) {
    return this.call<ProductSessionCreated>(
      'createProductSession',
      { method: 'POST', path: '/private/products/orchestrate/session/create' },
      options,
    );
  }

  addSessionProduct(sessionId: string, product: ProductInput, options?: OperationOptions) {
    return this.call<ProductSession>(
      'addSessionProduct',
      {
        method: 'POST',
        path: `/private/products/orchestrate/session/${id(sessionId)}/product`,
        body: product,
      },
      options,
    );
  }

  addSessionTarget(sessionId: string, target: AudienceTarget, options?: OperationOptions) {
    return this.call<ProductSession>(
      'addSessionTarget',
      {
        method: 'POST',
        path: `/private/products/orchestrate/session/${id(sessionId)}/audience-target`,
        body: target,
      },
      options,
    );
  }

  commitSession(sessionId: string, options?: OperationOptions) {
    return this.call<ProductCommitResult>(
      'commitSession',
      { method: 'POST', path: `/private/products/orchestrate/session/${id(sessionId)}/commit` },
      options,
    );
  }

  getSessionProgress(sessionId: string, options?: OperationOptions) {
    return this.call<ProductSessionProgress>(
      'getSessionProgress',
      { method: 'GET', path: `/private/products/orchestrate/session/${id(sessionId)}/progress` },
      options,
    );
  }

  /** POST /private/products: direct creation (open-to-all target), under an Idempotency-Key. */
  createProduct(body: ProductInput, options?: CreateOptions) {
    return this.call<Product>(
      'createProduct',
      {
        method: 'POST',
        path: '/private/products',
        body,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  getProduct(productId: string, options?: OperationOptions) {
    return this.call<Product>(
      'getProduct',
      { method: 'GET', path: `/private/products/${id(productId)}` },
      options,
    );
  }

  replaceProductTarget(productId: string, target: AudienceTarget, options?: OperationOptions) {
    return this.call<Product>(
      'replaceProductTarget',
      { method: 'PATCH', path: `/private/products/${id(productId)}/target`, body: target },
      options,
    );
  }

  /** GET /private/products/options: the labels of every choice field's values. */
  getProductOptions(options?: OperationOptions) {
    return this.call<ProductOptions>(
      'getProductOptions',
      { method: 'GET', path: '/private/products/options' },
      options,
    );
  }

  listProducts(query: ListProductsQuery = {}, options?: OperationOptions) {
    return this.call<Page<Product>>(
      'listProducts',
      { method: 'GET', path: '/private/products', query: { ...query } },
      options,
    );
  }

  // ---- education (seed 000) -----------------------------------------------------------------

  /** POST /education/registrations under an Idempotency-Key. */
  stageEducationRegistration(body: StageRegistrationInput, options?: CreateOptions) {
    return this.call<EducationSession>(
      'stageEducationRegistration',
      {
        method: 'POST',
        path: '/education/registrations',
        body,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  /** One step of a staged registration: validate, category, link-account, create or complete. */
  educationRegistrationStep(
    sessionId: string,
    step: 'validate' | 'category' | 'link-account' | 'create' | 'complete',
    body?: { accountId: string },
    options?: OperationOptions,
  ) {
    return this.call<Json>(
      `education.${step}`,
      { method: 'POST', path: `/education/registrations/${id(sessionId)}/${step}`, body },
      options,
    );
  }

  getEducationRegistration(sessionId: string, options?: OperationOptions) {
    return this.call<EducationSession>(
      'getEducationRegistration',
      { method: 'GET', path: `/education/registrations/${id(sessionId)}` },
      options,
    );
  }

  /** POST /education/registrations/run: the whole workflow server side in one call. */
  runEducationRegistration(body: EducationRegistrationInput, options?: CreateOptions) {
    return this.call<Json & { completed: boolean; session: EducationSession }>(
      'runEducationRegistration',
      {
        method: 'POST',
        path: '/education/registrations/run',
        body,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  /** One page of the registration's trail, oldest first. */
  getEducationRegistrationAudit(
    sessionId: string,
    query: PageQuery = {},
    options?: OperationOptions,
  ) {
    return this.call<Page<Json>>(
      'getEducationRegistrationAudit',
      { method: 'GET', path: `/education/registrations/${id(sessionId)}/audit`, query },
      options,
    );
  }

  getEducationRecord(recordId: string, options?: OperationOptions) {
    return this.call<Json>(
      'getEducationRecord',
      { method: 'GET', path: `/education/records/${id(recordId)}` },
      options,
    );
  }

  listEducationRecords(
    query: { userBusinessId?: string; page?: number; limit?: number } = {},
    options?: OperationOptions,
  ) {
    return this.call<Page<Json>>(
      'listEducationRecords',
      { method: 'GET', path: '/education/records', query },
      options,
    );
  }

  /** The reference lists are paginated like every list (`page`, `limit` up to 100). */
  listCountries(query: PageQuery = {}, options?: OperationOptions) {
    return this.call<unknown>(
      'listCountries',
      { method: 'GET', path: '/education/reference/countries', query },
      options,
    );
  }

  listUniversities(country: string, query: PageQuery = {}, options?: OperationOptions) {
    return this.call<unknown>(
      'listUniversities',
      { method: 'GET', path: '/education/reference/universities', query: { country, ...query } },
      options,
    );
  }

  listColleges(
    country: string,
    search?: string,
    query: PageQuery = {},
    options?: OperationOptions,
  ) {
    return this.call<unknown>(
      'listColleges',
      {
        method: 'GET',
        path: '/education/reference/colleges',
        query: { country, search, ...query },
      },
      options,
    );
  }

  // ---- schedules (seed 002) -----------------------------------------------------------------

  /** POST /schedules/imports (multipart); 202 with the import id. */
  uploadScheduleImport(input: ImportScheduleInput, options?: CreateOptions) {
    const form = new FormData();
    form.append('hospitalId', input.hospitalId);
    if (input.rosterSourceUrl) form.append('rosterSourceUrl', input.rosterSourceUrl);
    form.append('file', input.file, input.fileName);
    return this.call<{ importId: string; status: string }>(
      'uploadScheduleImport',
      {
        method: 'POST',
        path: '/schedules/imports',
        form,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  getScheduleImport(importId: string, options?: OperationOptions) {
    return this.call<ScheduleImport>(
      'getScheduleImport',
      { method: 'GET', path: `/schedules/imports/${id(importId)}` },
      options,
    );
  }

  listScheduleImports(
    query: { hospitalId?: string; page?: number; limit?: number } = {},
    options?: OperationOptions,
  ) {
    return this.call<Page<ScheduleImport>>(
      'listScheduleImports',
      { method: 'GET', path: '/schedules/imports', query },
      options,
    );
  }

  getScheduleVersion(versionId: string, options?: OperationOptions) {
    return this.call<Json>(
      'getScheduleVersion',
      { method: 'GET', path: `/schedules/versions/${id(versionId)}` },
      options,
    );
  }

  recalculateCoverage(versionId: string, options?: OperationOptions) {
    return this.call<Json>(
      'recalculateCoverage',
      { method: 'POST', path: `/schedules/versions/${id(versionId)}/coverage` },
      options,
    );
  }

  listHospitals(query: { page?: number; limit?: number } = {}, options?: OperationOptions) {
    return this.call<Page<Hospital>>(
      'listHospitals',
      { method: 'GET', path: '/hospitals', query },
      options,
    );
  }

  /** POST /hospitals under an Idempotency-Key (admin, main). */
  createHospital(body: CreateHospitalInput, options?: CreateOptions) {
    return this.call<Hospital>(
      'createHospital',
      {
        method: 'POST',
        path: '/hospitals',
        body,
        idempotencyKey: options?.idempotencyKey ?? randomId(),
      },
      options,
    );
  }

  // ---- cross-service operations -------------------------------------------------------------

  /** The doctor saga, then waits until the composite read shows the doctor. */
  onboardDoctor(
    input: CreateDoctorInput,
    options?: OperationOptions,
  ): Promise<OperationResult<OnboardedDoctor>> {
    return this.run('onboardDoctor', (ctx) => onboardDoctor(ctx, input), options);
  }

  /** The product session workflow end to end (a new session if the first expired before commit). */
  createProductWithTarget(
    product: ProductInput,
    target?: AudienceTarget | readonly AudienceTarget[],
    options?: OperationOptions,
  ): Promise<OperationResult<ProductWithTarget>> {
    const targets: readonly AudienceTarget[] =
      target === undefined ? [] : Array.isArray(target) ? target : [target as AudienceTarget];
    return this.run(
      'createProductWithTarget',
      (ctx) => createProductWithTarget(ctx, product, targets),
      options,
    );
  }

  /** The education registration step by step, stopping at the first failing step. */
  registerEducation(
    input: EducationRegistrationInput,
    options?: OperationOptions,
  ): Promise<OperationResult<EducationRegistration>> {
    return this.run('registerEducation', (ctx) => registerEducation(ctx, input), options);
  }

  /** Uploads a schedule, then polls it (progress events) until completed or failed. */
  importSchedule(
    input: ImportScheduleInput,
    options?: OperationOptions,
  ): Promise<OperationResult<ImportedSchedule>> {
    return this.run('importSchedule', (ctx) => importSchedule(ctx, input), options);
  }

  // ---- the operation runner -----------------------------------------------------------------

  private call<T>(
    operation: string,
    spec: RequestSpec,
    options?: OperationOptions,
  ): Promise<OperationResult<T>> {
    return this.run(operation, (ctx) => ctx.request<T>(spec), options);
  }

  /**
   * Runs one operation: its own AbortController (timeout, dispose, the caller's signal),
   * start/complete/error events, metrics, and a result stamped with its duration.
   */
  private async run<T>(
    operation: string,
    body: (ctx: OperationContext) => Promise<StepResult<T> | HttpResult<T>>,
    options: OperationOptions = {},
  ): Promise<OperationResult<T>> {
    const started = Date.now();
    if (this.disposed) return { ...abortFailure(disposedError()), duration: 0 };
    const operationId = randomId();
    const timeout = options.timeout ?? this.config.timeout;
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(new AbortReason('TIMEOUT', `${operation} timed out after ${timeout} ms`)),
      timeout,
    );
    const onCallerAbort = () =>
      controller.abort(new AbortReason('ABORTED', `${operation} was aborted`));
    if (options.signal?.aborted) onCallerAbort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    this.inFlight.add(controller);
    this.events.emit({ type: 'operation_start', operationId, operation, timestamp: started });
    this.config.logger?.debug('medicalink: operation started', { operationId, operation });

    const ctx: OperationContext = {
      operationId,
      operation,
      signal: controller.signal,
      deadline: started + timeout,
      pollInterval: this.config.pollInterval,
      request: (spec) =>
        this.transport.send(spec, {
          signal: controller.signal,
          deadline: started + timeout,
          operationId,
        }),
      progress: (step, percentage, data) =>
        this.events.emit({
          type: 'operation_progress',
          operationId,
          operation,
          timestamp: Date.now(),
          step,
          ...(percentage === undefined ? {} : { percentage }),
          ...(data === undefined ? {} : { data }),
        }),
      wait: async (ms) => {
        try {
          await this.config.sleep(ms, controller.signal);
          return undefined;
        } catch {
          return abortFailure(reasonOf(controller.signal));
        }
      },
      idempotencyKey: randomId,
    };

    let outcome: StepResult<T> | HttpResult<T>;
    try {
      outcome = await body(ctx);
    } catch (error) {
      // A bug or an unexpected reply shape: still a result, never a rejection.
      outcome = failure(
        'INVALID_RESPONSE',
        `${operation} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
      this.inFlight.delete(controller);
    }
    if (outcome.success && controller.signal.aborted)
      outcome = abortFailure(reasonOf(controller.signal));
    const duration = Date.now() - started;
    const result = toOperationResult(outcome, duration);
    if (this.config.enableMetrics) this.metrics.recordOperation(result.success, duration);
    const finished: ClientEvent = result.success
      ? { type: 'operation_complete', operationId, operation, timestamp: Date.now(), duration }
      : {
          type: 'operation_error',
          operationId,
          operation,
          timestamp: Date.now(),
          duration,
          error: result.error,
          result,
        };
    this.events.emit(finished);
    if (result.success)
      this.config.logger?.debug('medicalink: operation completed', {
        operationId,
        operation,
        duration,
      });
    else
      this.config.logger?.warn('medicalink: operation failed', {
        operationId,
        operation,
        duration,
        error: result.error,
      });
    return result;
  }

  /** A context for requests that serve several operations (batches, health checks). */
  private detachedContext() {
    return {
      signal: this.lifetime.signal,
      deadline: Date.now() + this.config.timeout,
      operationId: randomId(),
    };
  }
}

function toOperationResult<T>(
  outcome: StepResult<T> | HttpResult<T>,
  duration: number,
): OperationResult<T> {
  if (!outcome.success) return { ...outcome, duration };
  const details = 'details' in outcome ? outcome.details : undefined;
  return {
    success: true,
    data: outcome.data,
    duration,
    ...(details ? { details } : {}),
    ...(outcome.status === undefined ? {} : { status: outcome.status }),
  };
}

function requestContext(ctx: OperationContext) {
  return { signal: ctx.signal, deadline: ctx.deadline, operationId: ctx.operationId };
}

function disposedError(): AbortReason {
  return new AbortReason('DISPOSED', 'This MedicaLink client was disposed');
}

/** `promise`, or the abort failure as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | Failure> {
  if (signal.aborted) return Promise.resolve(abortFailure(reasonOf(signal)));
  return new Promise((resolve) => {
    const onAbort = () => resolve(abortFailure(reasonOf(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

/** A client with these options (every one optional; see MedicaLinkClientConfig). */
export function createMedicaLinkClient(config: MedicaLinkClientConfig = {}): MedicaLinkClient {
  return new MedicaLinkClient(config);
}

export type { Failure };
