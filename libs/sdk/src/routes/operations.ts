import type {
  DeadLetter,
  GatewayHealth,
  Page,
  ReplayDeadLettersResult,
  ServiceErrors,
} from '../types.js';
import { id, type OperationOptions, type PageQuery, type RouteCall } from './route.js';

/** Health, metrics and dead letters. */
export function operationsRoutes(call: RouteCall) {
  return {
    getHealth: (options?: OperationOptions) =>
      call<GatewayHealth>('getHealth', { method: 'GET', path: '/health', auth: false }, options),

    /** GET /metrics: the gateway's Prometheus text. */
    getGatewayMetrics: (options?: OperationOptions) =>
      call<string>(
        'getGatewayMetrics',
        { method: 'GET', path: '/metrics', auth: true, text: true },
        options,
      ),

    /** A service's last error lines and how many it logged (admin, main). */
    getServiceErrors: (service: string, options?: OperationOptions) =>
      call<ServiceErrors>(
        'getServiceErrors',
        { method: 'GET', path: `/admin/services/${id(service)}/errors` },
        options,
      ),

    listDeadLetters: (service: string, query: PageQuery = {}, options?: OperationOptions) =>
      call<Page<DeadLetter>>(
        'listDeadLetters',
        { method: 'GET', path: `/admin/dead-letters/${id(service)}`, query },
        options,
      ),

    /** Replays the given dead letters of a service (all of them without ids). */
    replayDeadLetters: (service: string, messageIds?: string[], options?: OperationOptions) =>
      call<ReplayDeadLettersResult>(
        'replayDeadLetters',
        {
          method: 'POST',
          path: `/admin/dead-letters/${id(service)}/replay`,
          body: messageIds ? { messageIds } : {},
        },
        options,
      ),
  };
}
