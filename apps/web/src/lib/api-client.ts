import { createMedicaLinkClient } from '@medicalink/sdk';
import { authorizedFetch } from './auth';

/**
 * The console's one SDK client: same origin as the gateway (no CORS), the in-memory token
 * added by authorizedFetch, no password kept. Reads are retried by the SDK where safe.
 */
export const apiClient = createMedicaLinkClient({
  baseUrl: window.location.origin,
  fetch: authorizedFetch(),
  retryAttempts: 2,
  retryDelay: 500,
  maxRetryDelay: 4_000,
  // a commit may try the product service 3 times on the server side
  timeout: 40_000,
});
