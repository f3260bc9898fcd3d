import { staffAccountDeleted, staffAccountUpdated } from './accounts/account.events';
import type { EventContract, ServiceName } from './common/define';
import {
  doctorProfileCreated,
  doctorProfileDeleted,
  doctorProfileUpdated,
} from './directory/doctor.events';
import { productCreated } from './product/product.events';

/**
 * Which events each service consumes. Every publishing service declares these queues and
 * bindings before its first publish, so an event published before its subscriber ever ran
 * waits in the subscriber's queue instead of being dropped as unroutable. A service refuses
 * to start with an event handler not listed here for it, so the list stays true.
 */
export const EVENT_SUBSCRIPTIONS: Partial<Record<ServiceName, readonly EventContract[]>> = {
  orchestrator: [
    doctorProfileCreated,
    doctorProfileUpdated,
    doctorProfileDeleted,
    staffAccountUpdated,
    staffAccountDeleted,
    // the copy of taken product codes the product session's step checks
    productCreated,
  ],
  directory: [staffAccountUpdated],
};

/**
 * Events that refresh state held in each process, so every replica must see them: each process
 * of these services binds them to a queue of its own (exclusive, deleted with its connection),
 * never to a shared queue. Nothing waits for a replica that is not running: it starts with an
 * empty cache.
 */
export const INSTANCE_EVENT_SUBSCRIPTIONS: Partial<Record<ServiceName, readonly EventContract[]>> =
  {
    // an account change may end its tokens: every gateway drops its cached token state
    gateway: [staffAccountUpdated, staffAccountDeleted],
  };

/** EVENT_SUBSCRIPTIONS (or another such list) as event names per service. */
export function subscribedEventNames(
  subscriptions: Partial<Record<ServiceName, readonly EventContract[]>> = EVENT_SUBSCRIPTIONS,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(subscriptions).map(([service, events]) => [
      service,
      (events ?? []).map((event) => event.name),
    ]),
  );
}
