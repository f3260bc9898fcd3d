import { z } from 'zod';
import { GatewayHealth } from '@medicalink/contracts';
import type { OpenApiRoute } from './openapi-route';

/** Every route the gateway serves; a test checks this table against Nest's router. */
export const OPENAPI_ROUTES: readonly OpenApiRoute[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Aggregated health of the five services, RabbitMQ and Redis',
    tags: ['operations'],
    auth: false,
    responses: {
      200: { description: 'healthy or degraded', schema: GatewayHealth },
      503: { description: 'unhealthy', schema: GatewayHealth },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of the gateway process',
    tags: ['operations'],
    auth: false,
    responses: {
      200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' },
    },
  },
];
