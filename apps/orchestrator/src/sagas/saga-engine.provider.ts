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
  SagaInputCipher,
  type SagaTables,
} from '@medicalink/saga';
import type { OrchestratorEnv } from '../config';
import type { OrchestratorDatabase } from '../schedules/schedule-imports.schema';
import { SagaDefinitions } from './saga-definitions';

export const sagaProviders: Provider[] = [
  {
    provide: SagaDefinitions,
    useFactory: (rpc: RpcClient, config: OrchestratorEnv, db: Kysely<OrchestratorDatabase>) =>
      new SagaDefinitions({ rpc, config, db }),
    inject: [RpcClient, APP_CONFIG, DATABASE],
  },
  {
    provide: SagaEngine,
    useFactory: (
      db: Kysely<SagaTables>,
      logger: Logger,
      env: OrchestratorEnv,
      definitions: SagaDefinitions,
    ) =>
      new SagaEngine(new PostgresSagaJournal(db), definitions.all(), {
        // A fresh owner id per process: a restarted orchestrator must not think it still holds old leases.
        instanceId: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
        leaseMs: env.SAGA_LEASE_MS,
        recoveryIntervalMs: env.SAGA_RECOVERY_INTERVAL_MS,
        logger,
        inputCipher: new SagaInputCipher(env.SAGA_INPUT_KEY),
      }),
    inject: [DATABASE, APP_LOGGER, APP_CONFIG, SagaDefinitions],
  },
];
