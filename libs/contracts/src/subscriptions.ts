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
  // an account change may end its tokens: the gateway drops its cached token state
  gateway: [staffAccountUpdated, staffAccountDeleted],
};

/** EVENT_SUBSCRIPTIONS as event names per service. */
export function subscribedEventNames(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(EVENT_SUBSCRIPTIONS).map(([service, events]) => [
      service,
      (events ?? []).map((event) => event.name),
    ]),
  );
}
