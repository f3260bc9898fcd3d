import { HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { eventTypePrefixes, type JwtClaims } from '@medicalink/contracts';
import { APP_CONFIG } from '@medicalink/runtime';
import type { GatewayEnv } from '../config';
import { HttpExceptionWithHeaders } from '../http/http-exception-with-headers';
import { EventLog } from './event-log';
import { LiveEventHub } from './live-event-hub';
import { LiveEventIngest } from './live-event-ingest';
import { SseClient, sseEvent } from './sse-client';

export interface StreamRequest {
  claims: JwtClaims;
  token: string;
  address: string;
  types: string | undefined;
  lastEventId: string | undefined;
}

/** A resume reads at most this many missed events; a client further behind gets `reset`. */
const REPLAY_MAX = 10_000;

/** GET /events: admits a stream, replays what it missed, then hands it to the hub. */
@Injectable()
export class LiveEventsService implements OnModuleDestroy {
  constructor(
    private readonly log: EventLog,
    private readonly hub: LiveEventHub,
    private readonly ingest: LiveEventIngest,
    @Inject(APP_CONFIG) private readonly env: GatewayEnv,
  ) {}

  /** Started by the gateway's start-up once the broker is reachable (not in route tests). */
  async start(): Promise<void> {
    await this.hub.start();
    await this.ingest.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.hub.stop();
    await this.ingest.stop();
  }

  async open(request: StreamRequest, reply: FastifyReply): Promise<void> {
    this.admit(request);
    const startAfterId = request.lastEventId ?? (await this.log.lastId());
    const client = new SseClient(
      reply.raw,
      {
        claims: request.claims,
        token: request.token,
        address: request.address,
        prefixes: eventTypePrefixes(request.types),
        maxBufferedBytes: this.env.EVENTS_CLIENT_BUFFER_BYTES,
      },
      startAfterId,
    );
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.write(`retry: ${this.env.EVENTS_RETRY_MS}\n\n`);
    client.beginReplay();
    this.hub.add(client);
    // Also without Last-Event-ID: what was logged between reading the last id and joining the hub.
    await this.replay(client, startAfterId);
    client.endReplay();
  }

  private async replay(client: SseClient, afterId: string): Promise<void> {
    const resume = await this.log.resume(afterId, REPLAY_MAX);
    if (resume.kind === 'events' && resume.events.length < REPLAY_MAX) {
      this.hub.replay(client, resume.events);
      return;
    }
    const lastId = await this.log.lastId();
    client.write(
      lastId,
      sseEvent(lastId, 'reset', { reason: 'the events after this id are no longer kept' }),
    );
  }

  private admit({ token, address }: StreamRequest): void {
    const open = this.hub.countOpen(token, address);
    if (open.token >= this.env.EVENTS_STREAMS_PER_TOKEN) {
      throw tooMany(`At most ${this.env.EVENTS_STREAMS_PER_TOKEN} streams per token`);
    }
    if (open.address >= this.env.EVENTS_STREAMS_PER_ADDRESS) {
      throw tooMany(`At most ${this.env.EVENTS_STREAMS_PER_ADDRESS} streams per client address`);
    }
  }
}

function tooMany(message: string): HttpExceptionWithHeaders {
  return new HttpExceptionWithHeaders(HttpStatus.TOO_MANY_REQUESTS, message, {
    'Retry-After': '5',
  });
}
