import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { renderMetrics } from '@medicalink/observability';
import { z } from 'zod';
import { Access } from '../auth/access.decorators';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';

/**
 * GET /metrics on the gateway's public listener: admin and main only. The other apps serve
 * theirs anonymously, on a listener bound to loopback unless HTTP_HOST says otherwise.
 */
@Controller('metrics')
@ApiTags('operations')
export class GatewayMetricsController {
  @Get()
  @Access('admin', 'main')
  @ApiRoute({
    summary: 'Prometheus metrics of the gateway process (admin, main)',
    responses: {
      200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' },
      401: { description: 'no valid token' },
      403: { description: 'not admin or main' },
    },
  })
  @Header('Cache-Control', 'no-store')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await renderMetrics();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
