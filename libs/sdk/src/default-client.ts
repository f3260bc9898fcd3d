import { createMedicaLinkClient } from './client.js';

/**
 * A ready client with the defaults (gateway on http://localhost:3000, no token): call
 * `medicaLink.login({ email, password })` first, or create your own with createMedicaLinkClient.
 * Creating it starts nothing (no timer, no request).
 */
export const medicaLink = createMedicaLinkClient();
