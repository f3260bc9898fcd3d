/**
 * How the RPCs of each service were shared between its replicas. Each process counts the
 * messages it handled in its own /metrics (`messaging_handler_duration_seconds_count`, by
 * pattern): the count of the process that did the work, which no broker-side figure gives per
 * replica once a consumer reconnects. Sampled every few seconds; only the intervals in which
 * every replica of a service answered at both ends, as the same processes, count (a replica
 * killed or restarted within one is left out), so the share is that of the replicas while all
 * of them ran.
 */
import { contractCatalog } from '@medicalink/asyncapi';
import type { MedicalinkApp } from '@medicalink/testing';
import type { ReplicaSet } from './replicas';

const HANDLED = /^messaging_handler_duration_seconds_count\{([^}]*)\} (\S+)$/gm;
const PATTERN_LABEL = /(?:^|,)pattern="([^"]*)"/;

/** The RPCs the load makes services answer: every declared one but the health checks. */
export function loadRpcPatterns(): ReadonlySet<string> {
  return new Set(
    contractCatalog()
      .rpcs.map((rpc) => rpc.pattern)
      .filter((pattern) => !pattern.endsWith('.health.check')),
  );
}

/** RPCs handled by one process, whatever their outcome, from its /metrics text. */
export function handledRpcs(metrics: string, rpcPatterns: ReadonlySet<string>): number {
  let total = 0;
  for (const [, labels, count] of metrics.matchAll(HANDLED)) {
    const pattern = PATTERN_LABEL.exec(labels!)?.[1];
    if (pattern !== undefined && rpcPatterns.has(pattern)) total += Number(count);
  }
  return total;
}

/** One reading of every live replica: by `<app>/<slot>`, the process and its count so far. */
export interface ShareSample {
  at: number;
  handled: Map<string, { label: string; handled: number }>;
}

export interface ServiceShare {
  app: MedicalinkApp;
  /** RPCs each slot handled while every replica ran */
  handled: number[];
  /** the smallest slot's part of their sum; NaN when they handled none */
  share: number;
}

/** Each service's share between its `replicas` slots, over the samples' intervals. */
export function replicaShares(
  samples: readonly ShareSample[],
  apps: readonly MedicalinkApp[],
  replicas: number,
): ServiceShare[] {
  return apps.map((app) => {
    const keys = Array.from({ length: replicas }, (_, index) => `${app}/${index + 1}`);
    const handled = keys.map(() => 0);
    for (let index = 1; index < samples.length; index += 1) {
      const [before, after] = [samples[index - 1]!, samples[index]!];
      const pairs = keys.map((key) => [before.handled.get(key), after.handled.get(key)] as const);
      const allRan = pairs.every(([a, b]) => a && b && a.label === b.label);
      if (!allRan) continue;
      pairs.forEach(([a, b], slot) => (handled[slot]! += b!.handled - a!.handled));
    }
    const sum = handled.reduce((a, b) => a + b, 0);
    return { app, handled, share: sum > 0 ? Math.min(...handled) / sum : Number.NaN };
  });
}

/** The smallest share over the services; NaN when any service handled nothing to share. */
export const minShare = (shares: readonly ServiceShare[]): number =>
  shares.length === 0 ? Number.NaN : Math.min(...shares.map((service) => service.share));

/** Reads every live replica's /metrics every `intervalMs` until stop(). */
export class ShareSampler {
  readonly samples: ShareSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly replicas: ReplicaSet,
    private readonly apps: readonly MedicalinkApp[],
    private readonly rpcPatterns: ReadonlySet<string>,
  ) {}

  start(intervalMs: number): void {
    this.reading = this.sample();
    this.timer = setInterval(() => {
      this.reading = this.reading.then(() => this.sample());
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
    await this.sample();
  }

  private async sample(): Promise<void> {
    const live = this.apps.flatMap((app) => this.replicas.live(app));
    const readings = await Promise.all(
      live.map(async ({ app, slot, process }) => {
        try {
          const response = await fetch(`${process.url}/metrics`, {
            signal: AbortSignal.timeout(3_000),
          });
          if (!response.ok) return undefined;
          const handled = handledRpcs(await response.text(), this.rpcPatterns);
          return [`${app}/${slot}`, { label: process.label, handled }] as const;
        } catch {
          return undefined; // killed meanwhile: this interval does not count for its service
        }
      }),
    );
    this.samples.push({
      at: Date.now(),
      handled: new Map(readings.filter((reading) => reading !== undefined)),
    });
  }
}
