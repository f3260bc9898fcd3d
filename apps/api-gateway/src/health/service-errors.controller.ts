import { Controller, Get, Param } from '@nestjs/common';
import {
  ERROR_REPORTING_SERVICES,
  HEALTH_CHECKED_SERVICES,
  ServiceErrorsParams,
  ServiceErrorsResponse,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { Access } from '../auth/access.decorators';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';

/**
 * A service's last error lines, read through its health pattern (every service keeps the last
 * ones in memory): what the console's health board links each service to, beside its dead
 * letters. GET /health, which answers anyone, never carries them.
 */
@Controller('admin/services')
@ApiTags('operations')
export class ServiceErrorsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':service/errors')
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      "A service's last error-level log lines (up to 20, newest first: time, message, code, message pattern; no stack or payload) and how many it logged since it started (admin, main)",
    responses: {
      200: { description: 'the recent errors', schema: ServiceErrorsResponse },
      400: { description: 'unknown service' },
      503: { description: 'the service did not answer' },
    },
  })
  async errors(
    @Param(new ZodValidationPipe(ServiceErrorsParams)) params: ServiceErrorsParams,
  ): Promise<ServiceErrorsResponse> {
    const contract = HEALTH_CHECKED_SERVICES[ERROR_REPORTING_SERVICES[params.service]];
    const health = await this.rpc.call(contract, {}, { retries: 0 });
    return { service: params.service, ...(health.recentErrors ?? { total: 0, errors: [] }) };
  }
}
