import { Controller, Get, Inject, Res, type Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { healthCheckRpc, type ServiceHealth, type ServiceName } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { HealthService } from './health.service';
import { Public } from './public.decorator';

/** GET /health: liveness (the process answers) and readiness (its dependencies answer). */
@Controller('health')
export class HttpHealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get()
  @Public()
  async check(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServiceHealth & { live: true; ready: boolean }> {
    // error lines are for operators, through the gateway's admin route; this one answers anyone
    const { recentErrors: _operatorsOnly, ...report } = await this.health.report();
    const ready = report.status === 'ok';
    void reply.status(ready ? 200 : 503);
    return { ...report, live: true, ready };
  }
}

/** `<service>.health.check`; built per service because the pattern names the service. */
export function rpcHealthController(service: ServiceName): Type<unknown> {
  const contract = healthCheckRpc(service);

  @Controller()
  class RpcHealthController {
    constructor(@Inject(HealthService) private readonly health: HealthService) {}

    @RpcHandler(contract)
    check(): Promise<ServiceHealth> {
      return this.health.report();
    }
  }
  return RpcHealthController;
}
