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
import { StreamLeases, type StreamLease } from './stream-leases';

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
    private readonly leases: StreamLeases,
    @Inject(APP_CONFIG) private readonly env: GatewayEnv,
  ) {}

  /** Started by the gateway's start-up once the broker is reachable (not in route tests). */
  async start(): Promise<void> {
    this.leases.start();
    await this.hub.start();
    await this.ingest.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.hub.stop();
    await this.leases.stop();
    await this.ingest.stop();
  }

  async open(request: StreamRequest, reply: FastifyReply): Promise<void> {
    const lease = await this.admit(request);
    try {
      await this.stream(request, reply, lease);
    } catch (error) {
      lease?.release();
      throw error;
    }
  }

  private async stream(
    request: StreamRequest,
    reply: FastifyReply,
    lease: StreamLease | undefined,
  ): Promise<void> {
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
    if (lease) {
      client.onClose(() => lease.release());
      // gone while it was being admitted: its close came before the listener
      if (!client.isOpen) lease.release();
    }
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

  /**
   * Counted over every replica through Redis; when Redis does not answer (the replay log is
   * down with it), over this instance alone, as a bound that still holds.
   */
  private async admit({ token, address }: StreamRequest): Promise<StreamLease | undefined> {
    const limits = {
      perToken: this.env.EVENTS_STREAMS_PER_TOKEN,
      perAddress: this.env.EVENTS_STREAMS_PER_ADDRESS,
    };
    let admission: Awaited<ReturnType<StreamLeases['admit']>>;
    try {
      admission = await this.leases.admit(token, address, limits);
    } catch {
      const open = this.hub.countOpen(token, address);
      if (open.token >= limits.perToken) throw this.tooMany('token');
      if (open.address >= limits.perAddress) throw this.tooMany('address');
      return undefined;
    }
    if (!admission.admitted) throw this.tooMany(admission.by);
    return admission.lease;
  }

  private tooMany(by: 'token' | 'address'): HttpExceptionWithHeaders {
    return by === 'token'
      ? tooMany(`At most ${this.env.EVENTS_STREAMS_PER_TOKEN} streams per token`)
      : tooMany(`At most ${this.env.EVENTS_STREAMS_PER_ADDRESS} streams per client address`);
  }
}

function tooMany(message: string): HttpExceptionWithHeaders {
  return new HttpExceptionWithHeaders(HttpStatus.TOO_MANY_REQUESTS, message, {
    'Retry-After': '5',
  });
}
