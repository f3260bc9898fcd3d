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
import { EventHub, type ClientEventListener } from './events.js';
import {
  subscribeToEvents,
  watchGateway,
  type EventSubscription,
  type LiveEventHandler,
  type SubscribeOptions,
} from './live-events.js';
import { HealthMonitor, type HealthReport } from './health.js';
import { abortFailure, HttpTransport, reasonOf, type HttpResult } from './http.js';
import { MetricsCollector, type ClientMetrics } from './metrics.js';
import type { SessionTokens } from './session-tokens.js';
import type { Failure, OperationResult } from './operation-result.js';
import type { OperationContext, StepResult } from './operation-context.js';
import { OperationRunner, type OperationOptions } from './operation-runner.js';
import {
  createProductWithTarget,
  type ProductWithTarget,
} from './operations/create-product-with-target.js';
import { importSchedule, type ImportedSchedule } from './operations/import-schedule.js';
import { onboardDoctor, type OnboardedDoctor } from './operations/onboard-doctor.js';
import { registerEducation, type EducationRegistration } from './operations/register-education.js';
import { accountRoutes } from './routes/accounts.js';
import { doctorRoutes } from './routes/doctors.js';
import { educationRoutes } from './routes/education.js';
import { operationsRoutes } from './routes/operations.js';
import { productRoutes } from './routes/products.js';
import { id, type RouteCall } from './routes/route.js';
import { scheduleRoutes } from './routes/schedules.js';
import type {
  Account,
  AudienceTarget,
  ChangePasswordInput,
  CreateDoctorInput,
  Doctor,
  DoctorRead,
  DoctorsPage,
  EducationRegistrationInput,
  GatewayHealth,
  ImportScheduleInput,
  LoginResponse,
  ProductInput,
} from './types.js';

export type { CreateOptions, OperationOptions } from './routes/route.js';

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
  private readonly listeners: EventHub;
  private readonly metrics: MetricsCollector;
  private readonly batcher: DoctorBatcher;
  private readonly health: HealthMonitor;
  private readonly runner: OperationRunner;
  private readonly lifetime = new AbortController();
  private disposed = false;
  private readonly call: RouteCall = (operation, spec, options) =>
    this.run(operation, (ctx) => ctx.request(spec), options);

  constructor(config: MedicaLinkClientConfig = {}) {
    this.config = resolveConfig(config);
    this.listeners = new EventHub((error) =>
      this.config.logger?.error('medicalink: an event listener threw', { error: String(error) }),
    );
    this.metrics = new MetricsCollector(Date.now());
    this.auth = new AuthSession(
      this.config,
      (spec, ctx) => this.transport.send(spec, ctx),
      (event) => this.listeners.emit(event),
      () => this.detachedContext(),
    );
    this.transport = new HttpTransport(this.config, this.auth);
    this.batcher = new DoctorBatcher(
      this.config.batchSize,
      (ids) =>
        this.transport.send<DoctorsPage>(
          { method: 'GET', path: '/doctors', query: { ids: ids.join(',') } },
          this.detachedContext(),
        ),
      (doctorId) =>
        this.transport.send<DoctorRead>(
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
      (event) => this.listeners.emit(event),
      (service, up) => {
        if (this.config.enableMetrics) this.metrics.recordServiceCheck(service, up);
      },
      (onChange) => watchGateway(this.config, this.auth, this.lifetime.signal, onChange),
    );
    this.runner = new OperationRunner(
      this.config,
      this.transport,
      this.listeners,
      this.metrics,
      (options, handler) =>
        subscribeToEvents(this.config, this.auth, this.lifetime.signal, options, handler),
    );
    if (this.config.healthCheckInterval !== undefined) {
      this.startHealthMonitor(this.config.healthCheckInterval);
    }
  }

  /**
   * GET /events: `client.events.subscribe({ types: ['saga.'] }, (event) => ...)` follows the
   * live stream, reconnecting with Last-Event-ID after every break, until `close()` or dispose().
   */
  readonly events = {
    subscribe: (options: SubscribeOptions, handler: LiveEventHandler): EventSubscription => {
      if (this.disposed) throw disposedError();
      return subscribeToEvents(this.config, this.auth, this.lifetime.signal, options, handler);
    },
  };

  // ---- lifecycle, events, metrics, health -------------------------------------------------

  addEventListener(listener: ClientEventListener): () => void {
    return this.listeners.add(listener);
  }

  removeEventListener(listener: ClientEventListener): void {
    this.listeners.remove(listener);
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
    this.runner.abortAll(reason);
    this.listeners.clear();
  }

  // ---- sign-in and the caller's own account (the token lives in auth.ts) ------------------

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

  me(options?: OperationOptions): Promise<OperationResult<Account>> {
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

  // ---- doctors: reads batched per tick (batcher.ts) ----------------------------------------

  /**
   * The composite doctor. With batching on, the getDoctor calls of one tick go out as
   * GET /doctors?ids=... (batchSize ids a request); `details.cache` is the read's cache metadata.
   */
  getDoctor(doctorId: string, options?: OperationOptions): Promise<OperationResult<Doctor>> {
    return this.run(
      'getDoctor',
      async (ctx): Promise<StepResult<Doctor>> => {
        if (!this.config.enableBatching) {
          const single = await ctx.request<DoctorRead>({
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

  // ---- the gateway's routes, one method each (routes/*.ts) ---------------------------------

  private readonly accountRoutes = accountRoutes(this.call);
  readonly createAccount = this.accountRoutes.createAccount;
  readonly listAccounts = this.accountRoutes.listAccounts;
  readonly getAccount = this.accountRoutes.getAccount;
  readonly updateAccount = this.accountRoutes.updateAccount;
  readonly deleteAccount = this.accountRoutes.deleteAccount;

  private readonly doctorRoutes = doctorRoutes(this.call);
  readonly createDoctor = this.doctorRoutes.createDoctor;
  readonly getDoctors = this.doctorRoutes.getDoctors;
  readonly searchDoctors = this.doctorRoutes.searchDoctors;
  readonly updateDoctor = this.doctorRoutes.updateDoctor;
  readonly getSaga = this.doctorRoutes.getSaga;
  readonly listSagas = this.doctorRoutes.listSagas;
  readonly retrySaga = this.doctorRoutes.retrySaga;

  private readonly operationsRoutes = operationsRoutes(this.call);
  readonly getHealth = this.operationsRoutes.getHealth;
  readonly getGatewayMetrics = this.operationsRoutes.getGatewayMetrics;
  readonly getServiceErrors = this.operationsRoutes.getServiceErrors;
  readonly listDeadLetters = this.operationsRoutes.listDeadLetters;
  readonly replayDeadLetters = this.operationsRoutes.replayDeadLetters;

  private readonly productRoutes = productRoutes(this.call);
  readonly createProductSession = this.productRoutes.createProductSession;
  readonly addSessionProduct = this.productRoutes.addSessionProduct;
  readonly addSessionTarget = this.productRoutes.addSessionTarget;
  readonly commitSession = this.productRoutes.commitSession;
  readonly getSessionProgress = this.productRoutes.getSessionProgress;
  readonly createProduct = this.productRoutes.createProduct;
  readonly getProduct = this.productRoutes.getProduct;
  readonly replaceProductTarget = this.productRoutes.replaceProductTarget;
  readonly getProductOptions = this.productRoutes.getProductOptions;
  readonly listProducts = this.productRoutes.listProducts;

  private readonly educationRoutes = educationRoutes(this.call);
  readonly stageEducationRegistration = this.educationRoutes.stageEducationRegistration;
  readonly educationRegistrationStep = this.educationRoutes.educationRegistrationStep;
  readonly listEducationRegistrations = this.educationRoutes.listEducationRegistrations;
  readonly getEducationRegistration = this.educationRoutes.getEducationRegistration;
  readonly runEducationRegistration = this.educationRoutes.runEducationRegistration;
  readonly getEducationRegistrationAudit = this.educationRoutes.getEducationRegistrationAudit;
  readonly getEducationRecord = this.educationRoutes.getEducationRecord;
  readonly listEducationRecords = this.educationRoutes.listEducationRecords;
  readonly listCountries = this.educationRoutes.listCountries;
  readonly listUniversities = this.educationRoutes.listUniversities;
  readonly listColleges = this.educationRoutes.listColleges;

  private readonly scheduleRoutes = scheduleRoutes(this.call);
  readonly uploadScheduleImport = this.scheduleRoutes.uploadScheduleImport;
  readonly getScheduleImport = this.scheduleRoutes.getScheduleImport;
  readonly listScheduleImports = this.scheduleRoutes.listScheduleImports;
  readonly getScheduleVersion = this.scheduleRoutes.getScheduleVersion;
  readonly recalculateCoverage = this.scheduleRoutes.recalculateCoverage;
  readonly listHospitals = this.scheduleRoutes.listHospitals;
  readonly createHospital = this.scheduleRoutes.createHospital;

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

  // ---- the operation runner (operation-runner.ts) ------------------------------------------

  private run<T>(
    operation: string,
    body: (ctx: OperationContext) => Promise<StepResult<T> | HttpResult<T>>,
    options?: OperationOptions,
  ): Promise<OperationResult<T>> {
    if (this.disposed) return Promise.resolve({ ...abortFailure(disposedError()), duration: 0 });
    return this.runner.run(operation, body, options);
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
