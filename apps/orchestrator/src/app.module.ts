import { Module, type DynamicModule } from '@nestjs/common';
import { CompositionModule } from './composition/composition.module';
import type { OrchestratorEnv } from './config';
import { ORCHESTRATOR_ENV } from './infrastructure/orchestrator-env';
import { SagasModule } from './sagas/sagas.module';

@Module({})
export class AppModule {
  static forRoot(env: OrchestratorEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CompositionModule, SagasModule],
      providers: [{ provide: ORCHESTRATOR_ENV, useValue: env }],
      exports: [ORCHESTRATOR_ENV],
    };
  }
}
