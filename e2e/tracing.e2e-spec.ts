import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  gatewayClient,
  startOtlpCollector,
  type CollectedSpan,
  type OtlpCollector,
} from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

let collector: OtlpCollector;
let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let admin: string;

beforeAll(async () => {
  collector = await startOtlpCollector();
  // Every app exports its spans to the collector above, in batches at most 100 ms old.
  system = await startSystem({
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  await system?.stop();
  await collector?.close();
});

function doctorBody(licenseNumber: string) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `traced-${tag}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: `Dr. ${tag}`,
    specialty: 'Dermatology',
    licenseNumber,
  };
}

/** POST /doctors as the child of a caller span of our own, so its trace is easy to find. */
async function tracedCreate(licenseNumber: string) {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const reply = await http.call('POST', '/doctors', {
    token: admin,
    body: doctorBody(licenseNumber),
    headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
  });
  return { reply, traceId, callerSpanId };
}

/**
 * The spans of one trace once those named have arrived and every span's parent has too (the
 * apps export in batches of their own, so a child can arrive before its parent).
 */
async function traceOf(traceId: string, callerSpanId: string, names: string[]): Promise<Trace> {
  return eventually(
    () => {
      const trace = new Trace(collector.spans().filter((span) => span.traceId === traceId));
      const missing = names.filter((name) => !trace.spans.some((span) => span.name === name));
      if (missing.length > 0) throw new Error(`not yet arrived: ${missing.join(', ')}`);
      const orphans = trace.spans.filter(
        (span) => span.parentSpanId !== callerSpanId && !trace.parentOf(span),
      );
      if (orphans.length > 0) throw new Error(`parents not yet arrived: ${orphans.length}`);
      return trace;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
}

class Trace {
  constructor(readonly spans: CollectedSpan[]) {}

  one(service: string, name: string): CollectedSpan {
    const found = this.spans.filter((span) => span.service === service && span.name === name);
    expect(found, `${service}: ${name} in ${this.describe()}`).toHaveLength(1);
    return found[0]!;
  }

  parentOf(span: CollectedSpan): CollectedSpan | undefined {
    return this.spans.find((candidate) => candidate.spanId === span.parentSpanId);
  }

  /** Whether `ancestor` is on the way from `span` up to the root. */
  isUnder(span: CollectedSpan, ancestor: CollectedSpan): boolean {
    for (let at = this.parentOf(span); at; at = this.parentOf(at)) {
      if (at.spanId === ancestor.spanId) return true;
    }
    return false;
  }

  childrenOf(span: CollectedSpan): CollectedSpan[] {
    return this.spans.filter((candidate) => candidate.parentSpanId === span.spanId);
  }

  describe(): string {
    return this.spans.map((span) => `${span.service}:${span.name}`).join(', ');
  }
}

describe('tracing across HTTP, RabbitMQ and PostgreSQL', () => {
  it('makes one trace of POST /doctors: gateway -> orchestrator -> accounts and provider-directory -> PostgreSQL', async () => {
    const { reply, traceId, callerSpanId } = await tracedCreate(`TRC-${randomUUID().slice(0, 8)}`);
    expect(reply.status).toBe(201);
    const trace = await traceOf(traceId, callerSpanId, [
      'POST /doctors',
      'saga doctor-creation',
      'process accounts.account.create',
      'process directory.doctor.create',
      'process accounts.permissions.assign',
      'process doctor.profile.created',
    ]);

    // Exactly one span continues the caller's, and every other span descends from it.
    const request = trace.one('api-gateway', 'POST /doctors');
    expect(request.kind).toBe(SERVER);
    expect(request.parentSpanId).toBe(callerSpanId);
    expect(request.attributes).toMatchObject({
      'http.route': '/doctors',
      'http.response.status_code': 201,
    });
    for (const span of trace.spans) {
      if (span !== request) expect(trace.isUnder(span, request), span.name).toBe(true);
    }

    const send = trace.one('api-gateway', 'send orchestrator.doctor.create');
    expect(send.kind).toBe(CLIENT);
    expect(trace.isUnder(send, request)).toBe(true);
    const orchestrated = trace.one('orchestrator', 'process orchestrator.doctor.create');
    expect(orchestrated.kind).toBe(SERVER);
    expect(orchestrated.parentSpanId).toBe(send.spanId);
    expect(orchestrated.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
    });

    const saga = trace.one('orchestrator', 'saga doctor-creation');
    expect(trace.isUnder(saga, orchestrated)).toBe(true);
    expect(saga.attributes['medicalink.saga.state']).toBe('completed');
    const participants = [
      ['createAccount', 'accounts', 'accounts.account.create'],
      ['createProfile', 'provider-directory', 'directory.doctor.create'],
      ['assignPermissions', 'accounts', 'accounts.permissions.assign'],
    ] as const;
    for (const [step, service, pattern] of participants) {
      const stepSpan = trace.one('orchestrator', `saga step ${step}`);
      expect(stepSpan.parentSpanId).toBe(saga.spanId);
      const call = trace.one('orchestrator', `send ${pattern}`);
      expect(call.parentSpanId).toBe(stepSpan.spanId);
      const handled = trace.one(service, `process ${pattern}`);
      expect(handled.parentSpanId).toBe(call.spanId);
      const queries = trace.spans.filter(
        (span) => span.service === service && trace.isUnder(span, handled),
      );
      expect(
        queries.some((span) => span.attributes['db.system.name'] === 'postgresql'),
        `PostgreSQL spans under ${service}: ${pattern}`,
      ).toBe(true);
    }

    // The outbox relay publishes as a child of the span whose transaction wrote the row, and
    // the consumer's span is the child of that publication.
    const profileCreated = trace.one('provider-directory', 'publish doctor.profile.created');
    expect(profileCreated.kind).toBe(PRODUCER);
    expect(
      trace.isUnder(
        profileCreated,
        trace.one('provider-directory', 'process directory.doctor.create'),
      ),
    ).toBe(true);
    const consumed = trace.one('orchestrator', 'process doctor.profile.created');
    expect(consumed.kind).toBe(CONSUMER);
    expect(consumed.parentSpanId).toBe(profileCreated.spanId);
    expect(trace.spans.some((span) => span.name.startsWith('saga compensat'))).toBe(false);
  });

  it('shows a compensation as its own spans: the failed step, then the undoing of the one before', async () => {
    const license = `TRC-${randomUUID().slice(0, 8)}`;
    expect((await tracedCreate(license)).reply.status).toBe(201);
    const { reply, traceId, callerSpanId } = await tracedCreate(license);
    expect(reply.status).toBe(409);
    const trace = await traceOf(traceId, callerSpanId, [
      'POST /doctors',
      'saga doctor-creation',
      'process accounts.account.delete',
    ]);

    const saga = trace.one('orchestrator', 'saga doctor-creation');
    expect(saga.attributes['medicalink.saga.state']).toBe('compensated');
    const failedStep = trace.one('orchestrator', 'saga step createProfile');
    expect(failedStep.statusCode).toBe(2);
    const refused = trace.one('provider-directory', 'process directory.doctor.create');
    expect(refused.attributes['error.type']).toBeDefined();

    const compensation = trace.one('orchestrator', 'saga compensation doctor-creation');
    expect(compensation.parentSpanId).toBe(saga.spanId);
    const undo = trace.one('orchestrator', 'saga compensate createAccount');
    expect(trace.isUnder(undo, compensation)).toBe(true);
    const deleteCall = trace.one('orchestrator', 'send accounts.account.delete');
    expect(deleteCall.parentSpanId).toBe(undo.spanId);
    expect(trace.one('accounts', 'process accounts.account.delete').parentSpanId).toBe(
      deleteCall.spanId,
    );
  });
});
