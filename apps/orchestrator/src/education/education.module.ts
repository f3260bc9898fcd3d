import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { SessionStore } from '@medicalink/session';
import { CacheModule, REDIS } from '../infrastructure/cache.module';
import { EducationRegistrationController } from './education-registration.controller';
import { EducationRegistrationService, REGISTRATION_STORE } from './education-registration.service';
import { RegistrationAuditRepository } from './registration-audit.repository';
import { RegistrationAuditService } from './registration-audit.service';
import { registrationWorkflow } from './registration.workflow';

/** Education registrations: their session workflow and its audit trail. */
@Module({
  imports: [CacheModule],
  controllers: [EducationRegistrationController],
  providers: [
    {
      provide: REGISTRATION_STORE,
      useFactory: (redis: Redis) => new SessionStore(redis, registrationWorkflow),
      inject: [REDIS],
    },
    EducationRegistrationService,
    RegistrationAuditRepository,
    RegistrationAuditService,
  ],
})
export class EducationModule {}
