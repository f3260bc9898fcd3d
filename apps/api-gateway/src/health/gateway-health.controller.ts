import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { GatewayHealth } from '@medicalink/contracts';
import { Public } from '@medicalink/runtime';
import { GatewayHealthService } from './gateway-health.service';

@Controller('health')
export class GatewayHealthController {
  constructor(private readonly health: GatewayHealthService) {}

  @Get()
  @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<GatewayHealth> {
    const report = await this.health.report();
    void reply.status(report.overall === 'unhealthy' ? 503 : 200);
    return report;
  }
}
