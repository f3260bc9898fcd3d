import { Inject, Injectable } from '@nestjs/common';
import {
  educationRegistrationRpc,
  type RegistrationCaller,
  type RegistrationStep,
  type RpcRequestParsed,
  type RpcResponse,
} from '@medicalink/contracts';
import { isInternalError, maskInternalError } from '@medicalink/errors';
import { toEnvelope } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { APP_LOGGER } from '@medicalink/runtime';
import { EducationRegistrationService } from './education-registration.service';
import { RegistrationSteps } from './registration-steps';
import { stepsBehind } from './registration.workflow';

type Rpc = typeof educationRegistrationRpc;
type Run = RpcRequestParsed<Rpc['run']>;
type RunReply = RpcResponse<Rpc['run']>;
type ValidateReply = RpcResponse<Rpc['validate']>;

/**
 * POST /education/registrations/run: every step in one call, stopping at the first that fails
 * and returning the session with that step's result. A repeated run (same idempotency key)
 * goes on from where the first one stopped, the failed step included.
 */
@Injectable()
export class RegistrationRunService {
  constructor(
    private readonly registrations: EducationRegistrationService,
    private readonly steps: RegistrationSteps,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async run({ accountId, caller, ...stage }: Run): Promise<RunReply> {
    const staged = await this.registrations.stage(caller, stage, { accountId });
    const id = staged.sessionId;
    const done = stepsBehind(await this.steps.load(id, caller));
    const plan: [RegistrationStep, () => Promise<unknown>][] = [
      ['validate', () => this.registrations.validate(id, caller)],
      ['category', () => this.registrations.category(id, caller)],
      ['link-account', () => this.registrations.linkAccount(id, accountId, caller)],
      ['create', () => this.registrations.create(id, caller)],
      ['complete', () => this.registrations.complete(id, caller)],
    ];
    const steps: RunReply['steps'] = [{ step: 'stage', ok: true }];
    for (const [step, work] of plan) {
      if (done.includes(step)) continue;
      if (step === 'validate' && stage.options.skipValidation) continue;
      const stepResult = await this.attempt(id, step, caller, work);
      steps.push({ step, ok: stepResult === null });
      if (stepResult === null) continue;
      return {
        completed: false,
        session: await this.registrations.get(id, caller),
        failedStep: step,
        stepResult,
        steps,
      };
    }
    return {
      completed: true,
      session: await this.registrations.get(id, caller),
      failedStep: null,
      stepResult: null,
      steps,
    };
  }

  /** null when the step succeeded; else its result: a failed validation, or its error. */
  private async attempt(
    id: string,
    step: RegistrationStep,
    caller: RegistrationCaller,
    work: () => Promise<unknown>,
  ): Promise<RunReply['stepResult']> {
    try {
      const result = await work();
      if (step !== 'validate' || (result as ValidateReply).isValid) return null;
      const { sessionId: _id, status: _status, ...validation } = result as ValidateReply;
      return validation;
    } catch (error) {
      // The steps record (and mask) their own failures; this hides whatever else went wrong.
      const envelope = toEnvelope(error);
      if (isInternalError(envelope)) {
        this.logger.error(
          { sessionId: id, step, code: envelope.code, err: envelope.message },
          'education registration run failed',
        );
      }
      return maskInternalError(envelope);
    }
  }
}
