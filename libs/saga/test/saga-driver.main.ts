/**
 * An orchestrator process for the poison-step test: a saga engine on the PostgreSQL journal,
 * with recovery, whose `import` step sends the crashing consumer a request that ends it.
 * Started with START_SAGA it also starts the saga (SAGA_ID); every run resumes it by lease.
 * Reports on stdout what it sends and compensates, and the outcome.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { AmqpConnection, RpcClient } from '@medicalink/messaging';
import { createDatabase } from '@medicalink/persistence';
import { killerRpc } from '@medicalink/testing';
import {
  PostgresSagaJournal,
  SagaEngine,
  type SagaDefinition,
  type SagaTables,
} from '../src/index';

interface Input {
  hospitalId: string;
}

const env = process.env;
const logger = pino({ level: env['LOG_LEVEL'] ?? 'warn' });
const connection = new AmqpConnection(
  { url: env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672', name: 'saga-driver' },
  logger,
);
const rpc = new RpcClient(
  connection,
  { prefix: env['MESSAGING_PREFIX'] ?? 'test-driver', defaultTimeoutMs: 2_000 },
  logger,
);
const say = (line: string) => process.stdout.write(`${line}\n`);

const definition: SagaDefinition<Input> = {
  type: 'poison-import',
  version: 1,
  businessKey: (input) => input.hospitalId,
  steps: [
    {
      name: 'reserve',
      invoke: async () => ({ reserved: true }),
      compensate: async () => {
        say('compensated reserve');
      },
    },
    {
      name: 'import',
      timeoutMs: Number(env['STEP_TIMEOUT_MS'] ?? 2_000),
      invoke: async (ctx) => {
        const id = `${ctx.sagaId}:${ctx.attempt}`;
        say(`sending import ${id}`);
        return rpc.call(killerRpc, { id }, { timeoutMs: ctx.timeoutMs, retries: 0 });
      },
      compensate: async () => {
        say('compensated import');
      },
    },
  ],
};

const engine = new SagaEngine(
  new PostgresSagaJournal(createDatabase<SagaTables>(env['DATABASE_URL'] ?? '')),
  [definition],
  {
    instanceId: `driver-${process.pid}-${randomBytes(4).toString('hex')}`,
    leaseMs: 1_000,
    recoveryIntervalMs: 200,
    logger,
  },
);

void (async () => {
  await connection.waitForConnection(10_000);
  await rpc.ready();
  engine.startRecovery();
  say('ready');
  if (env['START_SAGA']) {
    const outcome = await engine.start(
      definition,
      { hospitalId: 'h-1' },
      { sagaId: env['SAGA_ID'] },
    );
    say(`saga ${outcome.state}`);
  }
})();
