import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { renderMetrics } from '@medicalink/observability';
import { Public } from './public.decorator';

@Controller('metrics')
export class MetricsController {
  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await renderMetrics();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
