import { Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SagaEngine } from '@medicalink/saga';
import { DoctorSagaController } from './doctor-saga.controller';
import { sagaProviders } from './saga-engine.provider';

@Module({ controllers: [DoctorSagaController], providers: sagaProviders })
export class SagasModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly engine: SagaEngine) {}

  /** Picks up sagas a stopped orchestrator left in flight, now and periodically. */
  onApplicationBootstrap(): void {
    this.engine.startRecovery();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stopRecovery();
  }
}
