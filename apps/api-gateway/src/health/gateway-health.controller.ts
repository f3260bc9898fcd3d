import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayHealth } from '@medicalink/contracts';
import { Public } from '@medicalink/runtime';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';
import { GatewayHealthService } from './gateway-health.service';

@Controller('health')
@ApiTags('operations')
export class GatewayHealthController {
  constructor(private readonly health: GatewayHealthService) {}

  @Get()
  @Public()
  @ApiRoute({
    summary:
      'Aggregated health of the five services, RabbitMQ and Redis (no token; a report at most 1 s old, shared by concurrent callers)',
    responses: {
      200: { description: 'healthy or degraded', schema: GatewayHealth },
      503: { description: 'unhealthy', schema: GatewayHealth },
    },
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<GatewayHealth> {
    const report = await this.health.report();
    void reply.status(report.overall === 'unhealthy' ? 503 : 200);
    return report;
  }
}
