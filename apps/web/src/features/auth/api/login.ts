import { createMedicaLinkClient, type Credentials, type LoginResponse } from '@medicalink/sdk';
import { useMutation } from '@tanstack/react-query';
import { sessionStore } from '../../../lib/auth';
import { unwrap } from '../../../lib/operation';

/**
 * POST /auth/login through a client of its own, disposed right after: the password never
 * outlives the call, and the console's client never holds credentials to sign in again by
 * itself. In cookie mode the gateway puts the refresh token in its HttpOnly cookie, which
 * renews the access token later (lib/auth/renewal.ts). Not retried: a wrong password must
 * count once.
 */
export async function login(credentials: Credentials): Promise<LoginResponse> {
  const client = createMedicaLinkClient({
    baseUrl: window.location.origin,
    refresh: 'cookie',
    retryAttempts: 0,
    timeout: 15_000,
  });
  try {
    return await unwrap(client.login(credentials));
  } finally {
    client.dispose();
  }
}

export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (reply) => {
      if (!sessionStore.signIn(reply.accessToken)) {
        throw new Error('The gateway answered with a token the console cannot read');
      }
    },
  });
}
