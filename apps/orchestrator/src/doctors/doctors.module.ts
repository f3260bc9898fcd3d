import { Module } from '@nestjs/common';
import { CacheModule } from '../infrastructure/cache.module';
import { SagasModule } from '../sagas/sagas.module';
import { CacheInvalidationController } from './cache-invalidation.controller';
import { DoctorAccountLinks } from './doctor-account-links';
import { DoctorCompositionController } from './doctor-composition.controller';
import { DoctorCompositionService } from './doctor-composition.service';
import { DoctorCreationController } from './doctor-creation.controller';

/** Doctors: the creation saga, the cached composite reads, and writes that keep them fresh. */
@Module({
  imports: [CacheModule, SagasModule],
  controllers: [DoctorCreationController, DoctorCompositionController, CacheInvalidationController],
  providers: [DoctorCompositionService, DoctorAccountLinks],
})
export class DoctorsModule {}
