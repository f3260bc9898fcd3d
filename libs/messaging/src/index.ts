export { AmqpConnection, redactUrl, type ConnectionSettings } from './connection';
export {
  AMBIGUOUS_CODES,
  issuesEnvelope,
  RpcError,
  rpcError,
  toEnvelope,
  validationEnvelope,
} from './errors';
export {
  EventPublisher,
  type EventPublisherSettings,
  type PublishOptions,
} from './event-publisher';
export { FaultInjector, FaultRule, parseFaultRules } from './fault-injection';
export {
  BROKER_DELIVERY_COUNT,
  Header,
  headerNumber,
  headerString,
  SCHEMA_VERSION,
  type MessageHeaders,
} from './headers';
export {
  MessageConsumer,
  type ConsumerSettings,
  type HandlerKind,
  type RegisteredHandler,
} from './message-consumer';
export { AmqpMessageContext, contextFromMessage } from './message-context';
export { AmqpServer, type AmqpServerOptions } from './nest/amqp-server';
export {
  EventHandler,
  InstanceEventHandler,
  PassThroughRpcFilter,
  RpcHandler,
} from './nest/decorators';
export { MessagingModule, type MessagingModuleOptions } from './nest/messaging.module';
export {
  REDELIVERY_LIMIT_CODE,
  REDELIVERY_UNCOUNTED_CODE,
  type RedeliveryGuardSettings,
  type RedeliveryLedger,
} from './redelivery-guard';
export { DEFAULT_RESILIENCE, ResiliencePolicies, type ResilienceSettings } from './resilience';
export { retryDelayMs, retryDelays, type RetrySettings } from './retry-schedule';
export { RpcClient, type CallOptions, type RpcClientSettings } from './rpc-client';
export {
  assertLiveEventsQueue,
  assertServerTopology,
  DEFAULT_LIVE_EVENTS_MAX_QUEUED,
  eventsExchangeName,
  liveEventsQueueName,
  rpcQueueName,
  topologyFor,
  type LiveEventsQueuePlan,
  type QueueType,
  type ServerTopologyPlan,
  type SubscriberTopology,
  type Topology,
} from './topology';
export { DEAD_LETTER_BROWSE_MAX, DeadLetterQueues, type DeadLetter } from './dead-letters';
