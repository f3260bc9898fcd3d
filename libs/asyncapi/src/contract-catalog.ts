import * as contracts from '@medicalink/contracts';
import {
  healthCheckRpc,
  SERVICE_NAMES,
  type EventContract,
  type RpcContract,
} from '@medicalink/contracts';
import { z } from 'zod';

export interface ContractCatalog {
  rpcs: RpcContract[];
  events: EventContract[];
}

const isRpc = (value: unknown): value is RpcContract =>
  typeof value === 'object' && value !== null && (value as RpcContract).kind === 'rpc';
const isEvent = (value: unknown): value is EventContract =>
  typeof value === 'object' && value !== null && (value as EventContract).kind === 'event';

/**
 * Every RPC and event libs/contracts exports (its index is its only public surface, so what an
 * app can call or publish is there), found in the exported values and in the objects and
 * arrays that group them (`doctorRpc.create`, `SAGA_EVENTS`), plus the health check every
 * service answers. Sorted, so the document does not change with the order of exports.
 */
export function contractCatalog(): ContractCatalog {
  const rpcs = new Map<string, RpcContract>();
  const events = new Map<string, EventContract>();
  const collect = (value: unknown, depth: number) => {
    if (isRpc(value)) rpcs.set(value.pattern, value);
    else if (isEvent(value)) events.set(value.name, value);
    else if (depth < 2 && typeof value === 'object' && value !== null) {
      if (value instanceof z.ZodType) return;
      for (const item of Object.values(value)) collect(item, depth + 1);
    }
  };
  for (const value of Object.values(contracts)) collect(value, 0);
  for (const service of SERVICE_NAMES) collect(healthCheckRpc(service), 0);
  const byKey = <T>(map: Map<string, T>) =>
    [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => value);
  return { rpcs: byKey(rpcs), events: byKey(events) };
}
