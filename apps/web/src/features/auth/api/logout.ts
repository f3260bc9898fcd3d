import { createMedicaLinkClient } from '@medicalink/sdk';
import { sessionStore } from '../../../lib/auth';

/**
 * Signs out everywhere: POST /auth/logout revokes the account's refresh tokens and clears the
 * console's cookie; then the token in memory is forgotten, whatever the gateway answered (a
 * sign-out must never leave the person signed in here).
 */
export async function signOut(): Promise<void> {
  const token = sessionStore.token;
  const client = createMedicaLinkClient({
    baseUrl: window.location.origin,
    refresh: 'cookie',
    ...(token ? { token } : {}),
    retryAttempts: 0,
    timeout: 10_000,
  });
  try {
    await client.logout();
  } finally {
    client.dispose();
    sessionStore.signOut('signed-out');
  }
}
