import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventsHeaders, EventsQuery, LiveEvent, type JwtClaims } from '@medicalink/contracts';
import { Authenticated } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/authenticated-request';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';
import { LiveEventsService } from './live-events.service';

@Controller('events')
@ApiTags('operations')
export class LiveEventsController {
  constructor(private readonly events: LiveEventsService) {}

  @Get()
  @Authenticated()
  @ApiRoute({
    summary:
      "Server-Sent Events of what the caller may see (any token): `id` (resume with Last-Event-ID or ?lastEventId=), `event` (the type, or reset/overflow/end/shutdown), `data`. Admin and main see every event; an owner their own account and registrations and active doctors' public changes",
    responses: {
      200: {
        description: "the stream; each event's data is this object (a comment line every 15 s)",
        schema: LiveEvent,
        contentType: 'text/event-stream',
      },
      400: { description: 'bad types or event id' },
      401: { description: 'no valid token' },
      429: { description: 'too many streams for this token or client address' },
    },
  })
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
