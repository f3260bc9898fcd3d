import type { RabbitMQConfig } from '@golevelup/nestjs-rabbitmq';
import { GOLEVELUP_ECHO, type ServerSpec } from '../echo-spec';

/**
 * The RabbitMQModule config of both @golevelup/nestjs-rabbitmq processes, tuned as its
 * documentation allows: the bench's prefetch (default 10), Nagle off and the heartbeat at 10 s
 * through its amqp-connection-manager options (as ours), direct reply-to on (its default), the
 * echo handler bound by name from the module's `handlers` (so the decorator stays static), JSON
 * (its only built-in serializer), a 10 s RPC timeout (its default, the other clients' too).
 */
export function golevelupConfig({ url, names, prefetch }: ServerSpec): RabbitMQConfig {
  return {
    uri: url,
    prefetchCount: Math.max(prefetch, 1),
    exchanges: [{ name: names.golevelupExchange, type: 'direct' }],
    handlers: {
      [GOLEVELUP_ECHO]: {
        exchange: names.golevelupExchange,
        routingKey: GOLEVELUP_ECHO,
        queue: names.golevelupQueue,
      },
    },
    enableDirectReplyTo: true,
    defaultRpcTimeout: 10_000,
    connectionInitOptions: { wait: true, timeout: 30_000 },
    connectionManagerOptions: {
      heartbeatIntervalInSeconds: 10,
      connectionOptions: { noDelay: true },
    },
  };
}
