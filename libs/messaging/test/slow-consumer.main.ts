/**
 * A consumer process for the redelivery test: it reports each event it takes,
 * then works on it for a long time, so the test can kill it mid-handler.
 */
import { Controller } from '@nestjs/common';
import { EventHandler } from '../src/nest/decorators';
import { startTestService } from '@medicalink/testing';
import { itemCreated } from './fixtures';

@Controller()
class SlowItemsController {
  @EventHandler(itemCreated)
  async created(payload: { id: string }) {
    process.stdout.write(`received ${payload.id}\n`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
}

const rabbitmqUrl = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
void startTestService({
  namespace: {
    prefix: process.env['MESSAGING_PREFIX'] ?? 'test-slow',
    infrastructure: { rabbitmqUrl, redisUrl: '', postgresUrl: '', source: 'env' },
    trackServices: () => undefined,
  },
  service: 'product',
  controllers: [SlowItemsController],
  prefetch: 1,
}).then(() => process.stdout.write('ready\n'));
