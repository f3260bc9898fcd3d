import { Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SagaEngine } from '@medicalink/saga';
import { SagaDefinitions } from './saga-definitions';
import { sagaProviders } from './saga-engine.provider';
import { SagaOperationsService } from './saga-operations.service';
import { SagasController } from './sagas.controller';

/** The saga engine with every registered definition; workflow modules import it to start theirs. */
@Module({
  controllers: [SagasController],
  providers: [...sagaProviders, SagaOperationsService],
  exports: [SagaEngine, SagaDefinitions],
})
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
