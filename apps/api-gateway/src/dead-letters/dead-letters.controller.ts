import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  DeadLetterServiceParams,
  DeadLettersPage,
  DeadLettersQuery,
  ReplayDeadLettersBody,
  ReplayDeadLettersResponse,
  type JwtClaims,
} from '@medicalink/contracts';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';
import { DeadLettersService } from './dead-letters.service';

@Controller('admin/dead-letters')
@ApiTags('operations')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get(':service')
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      "The messages in a service's dead-letter queue, in queue order, with their error headers; none is removed. Bodies past 8 KiB are previews (bodyTruncated, bodyBytes), and a page carries at most 256 KiB of bodies (admin, main)",
    responses: {
      200: { description: 'a page of dead letters', schema: DeadLettersPage },
      400: { description: 'unknown service, or page * limit beyond 10000' },
      503: { description: 'RabbitMQ unreachable' },
    },
  })
  list(
    @Param(new ZodValidationPipe(DeadLetterServiceParams)) params: DeadLetterServiceParams,
    @Query(new ZodValidationPipe(DeadLettersQuery)) query: DeadLettersQuery,
  ) {
    return this.deadLetters.list(params.service, query);
  }

  @Post(':service/replay')
  @HttpCode(200)
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      "Send dead letters (all, or those listed by id) back to the service's queue with a fresh attempt count; each replay is counted and logged with the caller's account id, which the copy carries as x-replayed-by (admin, main)",
    responses: {
      200: { description: 'how many were replayed', schema: ReplayDeadLettersResponse },
      400: { description: 'unknown service or invalid body' },
      503: { description: 'RabbitMQ unreachable' },
    },
  })
  replay(
    @CurrentUser() operator: JwtClaims,
    @Param(new ZodValidationPipe(DeadLetterServiceParams)) params: DeadLetterServiceParams,
    @Body(new ZodValidationPipe(ReplayDeadLettersBody)) body: ReplayDeadLettersBody = {},
  ) {
    return this.deadLetters.replay(params.service, body.messageIds, operator.sub);
  }
}
