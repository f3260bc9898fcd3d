import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { RpcClient } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import type { Kysely } from '@medicalink/persistence';
import { APP_CONFIG, APP_LOGGER, DATABASE } from '@medicalink/runtime';
import {
  PostgresSagaJournal,
  SagaEngine,
  type AnySagaDefinition,
  type SagaTables,
} from '@medicalink/saga';
import type { OrchestratorEnv } from '../config';
import { doctorCreationSaga } from './doctor-creation.saga';

export const DOCTOR_CREATION_SAGA = Symbol('DOCTOR_CREATION_SAGA');

export const sagaProviders: Provider[] = [
  {
    provide: DOCTOR_CREATION_SAGA,
    useFactory: (rpc: RpcClient, env: OrchestratorEnv) =>
      doctorCreationSaga(rpc, env.SAGA_STEP_TIMEOUT_MS),
    inject: [RpcClient, APP_CONFIG],
  },
  {
    provide: SagaEngine,
    useFactory: (
      db: Kysely<SagaTables>,
      logger: Logger,
      env: OrchestratorEnv,
      doctorCreation: AnySagaDefinition,
    ) =>
      new SagaEngine(new PostgresSagaJournal(db), [doctorCreation], {
        // A fresh owner id per process: a restarted orchestrator must not think it still holds old leases.
        instanceId: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
        leaseMs: env.SAGA_LEASE_MS,
        recoveryIntervalMs: env.SAGA_RECOVERY_INTERVAL_MS,
        logger,
      }),
    inject: [DATABASE, APP_LOGGER, APP_CONFIG, DOCTOR_CREATION_SAGA],
  },
];
