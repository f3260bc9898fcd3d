export {
  defineEvent,
  defineRpc,
  SERVICE_NAMES,
  type EventContract,
  type EventPayload,
  type EventPayloadInput,
  type RpcContract,
  type RpcRequest,
  type RpcRequestParsed,
  type RpcResponse,
  type RpcResponseInput,
  type ServiceName,
} from './common/define';
export { ErrorEnvelope, RpcReply, TransportErrorCode } from './common/error-envelope';
export {
  CacheMetadata,
  PaginatedResponse,
  PaginationMetadata,
  PaginationQuery,
  paginationMetadata,
} from './common/pagination';
export {
  DependencyStatus,
  GatewayHealth,
  HEALTH_CHECKED_SERVICES,
  healthCheckRpc,
  ServiceHealth,
} from './health/health.rpc';
