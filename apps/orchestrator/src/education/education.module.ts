import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import { SessionStore } from '@medicalink/session';
import type { OrchestratorEnv } from '../config';
import { CacheModule, REDIS } from '../infrastructure/cache.module';
import { EducationRegistrationController } from './education-registration.controller';
import { EducationRegistrationService } from './education-registration.service';
import { RegistrationAuditRepository } from './registration-audit.repository';
import { RegistrationAuditService } from './registration-audit.service';
import { RegistrationListService } from './registration-list.service';
import { RegistrationRunService } from './registration-run.service';
import { REGISTRATION_STORE, RegistrationSteps } from './registration-steps';
import { registrationWorkflow } from './registration.workflow';

/** Education registrations: the session workflow and its audit trail. */
@Module({
  imports: [CacheModule],
  controllers: [EducationRegistrationController],
  providers: [
    {
      provide: REGISTRATION_STORE,
      useFactory: (redis: Redis, env: OrchestratorEnv, logger: Logger) =>
        new SessionStore(redis, registrationWorkflow, {
          logger,
          operationTimeoutMs: env.SESSION_STORE_TIMEOUT_MS,
        }),
      inject: [REDIS, APP_CONFIG, APP_LOGGER],
    },
    RegistrationSteps,
    EducationRegistrationService,
    RegistrationRunService,
    RegistrationListService,
    RegistrationAuditRepository,
    RegistrationAuditService,
  ],
})
export class EducationModule {}
