import { Module } from '@nestjs/common';
import { CompositionModule } from './composition/composition.module';
import { SagasModule } from './sagas/sagas.module';

@Module({ imports: [CompositionModule, SagasModule] })
export class AppModule {}
