/**
 * A `product` consumer process for the poison-message tests: handlers that end their own
 * process (as an out-of-memory crash would), next to one that works. Each delivery a killer
 * takes is reported on stdout first, so a test can count deliveries across restarts.
 */
import { Controller } from '@nestjs/common';
import { EventHandler, RpcHandler, type QueueType } from '@medicalink/messaging';
import { createDatabase, PostgresRedeliveryLedger } from '@medicalink/persistence';
import { startTestService } from '../in-process';
import { healthyEvent, killerEvent, killerRpc } from './poison-contracts';

function die(what: string, id: string): never {
  process.stdout.write(`handling ${what} ${id}\n`);
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

@Controller()
class CrashingController {
  @EventHandler(killerEvent)
  killer({ id }: { id: string }): void {
    die('event', id);
  }

  @EventHandler(healthyEvent)
  healthy({ id }: { id: string }): void {
    process.stdout.write(`handled healthy ${id}\n`);
  }

  @RpcHandler(killerRpc)
  run({ id }: { id: string }): { ok: boolean } {
    die('rpc', id);
  }
}

const env = process.env;
const rabbitmqUrl = env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
// Redeliveries are counted in this database on classic queues (none: unguarded there).
const ledgerUrl = env['LEDGER_DATABASE_URL'];
void startTestService({
  namespace: {
    prefix: env['MESSAGING_PREFIX'] ?? 'test-crashing',
    infrastructure: { rabbitmqUrl, redisUrl: '', postgresUrl: '', source: 'env' },
    trackServices: () => undefined,
  },
  service: 'product',
  controllers: [CrashingController],
  prefetch: 1,
  queueType: (env['QUEUE_TYPE'] ?? 'classic') as QueueType,
  redeliveries: {
    limit: Number(env['REDELIVERY_LIMIT'] ?? 2),
    ...(ledgerUrl ? { ledger: new PostgresRedeliveryLedger(createDatabase(ledgerUrl)) } : {}),
  },
}).then(() => process.stdout.write('ready\n'));
