import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventsHeaders, EventsQuery, type JwtClaims } from '@medicalink/contracts';
import { Authenticated } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/authenticated-request';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { LiveEventsService } from './live-events.service';

@Controller('events')
export class LiveEventsController {
  constructor(private readonly events: LiveEventsService) {}

  @Get()
  @Authenticated()
  stream(
    @CurrentUser() claims: JwtClaims,
    @Query(new ZodValidationPipe(EventsQuery)) query: EventsQuery,
    @RequestHeaders(new ZodValidationPipe(EventsHeaders)) headers: EventsHeaders,
    @Req() request: AuthenticatedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.events.open(
      {
        claims,
        token: request.headers.authorization ?? claims.sub,
        address: request.ip,
        types: query.types,
        lastEventId: headers['last-event-id'] ?? query.lastEventId,
      },
      reply,
    );
  }
}
