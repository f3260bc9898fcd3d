import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { renderMetrics } from '@medicalink/observability';
import { Access } from '../auth/access.decorators';

/**
 * GET /metrics on the gateway's public listener: admin and main only. The other apps serve
 * theirs anonymously, on a listener bound to loopback unless HTTP_HOST says otherwise.
 */
@Controller('metrics')
export class GatewayMetricsController {
  @Get()
  @Access('admin', 'main')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await renderMetrics();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
