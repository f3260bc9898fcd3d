import { Module } from '@nestjs/common';
import { CacheModule } from '../infrastructure/cache.module';
import { CacheInvalidationController } from './cache-invalidation.controller';
import { DoctorCompositionController } from './doctor-composition.controller';
import { DoctorCompositionService } from './doctor-composition.service';

@Module({
  imports: [CacheModule],
  controllers: [DoctorCompositionController, CacheInvalidationController],
  providers: [DoctorCompositionService],
})
export class CompositionModule {}
