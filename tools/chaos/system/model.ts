import type { MedicalinkApp } from '@medicalink/testing';

/** What a fault takes away: a service of the machine, or one app's process. */
export type Dependency = 'rabbitmq' | 'redis' | 'postgres' | MedicalinkApp;

/** The requests of the chaos load, by what they do. */
export type RequestKind =
  /** POST /doctors: the doctor-creation saga */
  | 'doctor'
  /** GET /doctors/:id, a composite read (served from the cache when it holds the doctor) */
  | 'read'
  /** GET /doctors?limit=5 */
  | 'list'
  /** a product session created or its product staged (the session lives in Redis) */
  | 'session'
  /** a product session committed: the product service creates the product */
  | 'commit'
  /** POST /education/registrations/run: every step of an education registration */
  | 'registration'
  /** POST /schedules/imports: an import accepted, run in the background by a saga */
  | 'import';

/**
 * What each kind of request needs to succeed (besides the gateway). A fault's recovery is the
 * first success of a request that needs what the fault took away, so a read served from the
 * cache never passes for the product service's return.
 */
export const NEEDS: Record<RequestKind, readonly Dependency[]> = {
  doctor: ['rabbitmq', 'postgres', 'orchestrator', 'accounts', 'provider-directory'],
  read: ['rabbitmq', 'redis', 'orchestrator'],
  list: ['rabbitmq', 'redis', 'orchestrator'],
  session: ['rabbitmq', 'redis', 'orchestrator'],
  commit: ['rabbitmq', 'redis', 'postgres', 'orchestrator', 'product'],
  registration: ['rabbitmq', 'redis', 'postgres', 'orchestrator', 'education', 'accounts'],
  import: ['rabbitmq', 'postgres', 'orchestrator'],
};

export function needs(record: RequestRecord, dependency: Dependency): boolean {
  if (dependency === 'api-gateway') return true;
  // A read answered without Redis (degraded) says nothing about Redis being back.
  if (dependency === 'redis' && record.degraded) return false;
  return NEEDS[record.kind].includes(dependency);
}

export interface RequestRecord {
  kind: RequestKind;
  /** ms since the epoch */
  start: number;
  end: number;
  /** 0: no response (refused, reset or timed out) */
  status: number;
  /** a read the orchestrator served without Redis */
  degraded?: boolean;
}

/** One fault, from the moment it struck until its dependency was back and served again. */
export interface FaultWindow {
  /** e.g. `rabbitmq`, `SIGKILL product` */
  name: string;
  dependency: Dependency;
  start: number;
  /** when the dependency came back (restarted, or the app's /health answered) */
  back: number;
  /** the end of the first successful request that needs it, started after `back` */
  recovered?: number;
}

export const isSuccess = (record: RequestRecord) => record.status > 0 && record.status < 500;
export const isServerFailure = (record: RequestRecord) =>
  record.status === 0 || record.status >= 500;
