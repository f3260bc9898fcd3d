import { type RpcClient } from '@medicalink/messaging';
import type { Kysely } from '@medicalink/persistence';
import type { AnySagaDefinition } from '@medicalink/saga';
import type { OrchestratorEnv } from '../config';
import { doctorCreationSaga } from '../doctors/doctor-creation.saga';
import { scheduleImportSaga } from '../schedules/schedule-import.saga';
import type { OrchestratorDatabase } from '../schedules/schedule-imports.schema';

export interface SagaDefinitionDeps {
  rpc: RpcClient;
  config: OrchestratorEnv;
  db: Kysely<OrchestratorDatabase>;
}

/**
 * Every saga this orchestrator runs, by name. A workflow adds its definition here once; the
 * engine is built with all of them (so recovery can resume any), and handlers start theirs
 * through the typed `SagaDefinitions`.
 */
const sagaDefinitionFactories = {
  doctorCreation: ({ rpc, config }: SagaDefinitionDeps) =>
    doctorCreationSaga(rpc, config.SAGA_STEP_TIMEOUT_MS),
  scheduleImport: ({ rpc, config, db }: SagaDefinitionDeps) =>
    scheduleImportSaga({ rpc, db, phaseTimeoutMs: config.SCHEDULE_PHASE_TIMEOUT_MS }),
};

type Factories = typeof sagaDefinitionFactories;
export type SagaDefinitionMap = { [K in keyof Factories]: ReturnType<Factories[K]> };

/** The registered definitions, injectable by class. */
export class SagaDefinitions {
  readonly byName: SagaDefinitionMap;

  constructor(deps: SagaDefinitionDeps) {
    this.byName = Object.fromEntries(
      Object.entries(sagaDefinitionFactories).map(([name, factory]) => [name, factory(deps)]),
    ) as SagaDefinitionMap;
  }

  get<K extends keyof SagaDefinitionMap>(name: K): SagaDefinitionMap[K] {
    return this.byName[name];
  }

  all(): AnySagaDefinition[] {
    return Object.values(this.byName);
  }
}
