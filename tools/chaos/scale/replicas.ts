/**
 * Every app of a system in a fixed number of replicas, each in a slot: a replica killed and
 * started again takes its slot back, so the work of "replica 1" and "replica 2" of a service
 * can be compared across restarts.
 */
import {
  MEDICALINK_APPS,
  type MedicalinkApp,
  type SystemProcess,
  type TestSystem,
} from '@medicalink/testing';
import type { Fault } from '../system/faults';

export interface Replica {
  app: MedicalinkApp;
  /** 1 .. replicas */
  slot: number;
  process: SystemProcess;
}

export class ReplicaSet {
  private readonly slots = new Map<string, Replica>();
  private nextGateway = 0;

  constructor(
    private readonly system: TestSystem,
    readonly replicas: number,
  ) {}

  /** Starts every replica of every app at once. */
  async startAll(): Promise<void> {
    const starts = MEDICALINK_APPS.flatMap((app) => this.slotsOf().map((slot) => ({ app, slot })));
    const results = await Promise.allSettled(starts.map(({ app, slot }) => this.start(app, slot)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The replicas whose process is alive, of `app` or of every app. */
  live(app?: MedicalinkApp): Replica[] {
    return [...this.slots.values()].filter(
      (replica) => (app === undefined || replica.app === app) && replica.process.proc.alive(),
    );
  }

  /**
   * The next live gateway, in turn (a client-side load balancer); the system's latest one when
   * none is alive, so the request fails as it would behind a balancer with no backend.
   */
  gatewayUrl(): string {
    const gateways = this.live('api-gateway');
    if (gateways.length === 0) return this.system.gatewayUrl;
    this.nextGateway = (this.nextGateway + 1) % gateways.length;
    return gateways[this.nextGateway]!.process.url;
  }

  /** SIGKILL one replica, then a new process in its slot. */
  killFault(app: MedicalinkApp, slot: number): Fault {
    return {
      name: `SIGKILL ${app} replica ${slot}`,
      dependency: app,
      stop: () => this.slots.get(key(app, slot))!.process.proc.stop('SIGKILL'),
      start: () => this.start(app, slot),
      hold: false,
    };
  }

  /** Every replica of `app` stopped (SIGTERM: they drain), held down, then all started again. */
  outageFault(app: MedicalinkApp): Fault {
    return {
      name: `every ${app} replica stopped`,
      dependency: app,
      stop: () =>
        Promise.all(this.live(app).map((replica) => replica.process.proc.stop('SIGTERM', 15_000))),
      start: () => Promise.all(this.slotsOf().map((slot) => this.start(app, slot))),
      hold: true,
    };
  }

  private slotsOf(): number[] {
    return Array.from({ length: this.replicas }, (_, index) => index + 1);
  }

  private async start(app: MedicalinkApp, slot: number): Promise<void> {
    const process = await this.system.start(app);
    this.slots.set(key(app, slot), { app, slot, process });
  }
}

const key = (app: MedicalinkApp, slot: number) => `${app}/${slot}`;
