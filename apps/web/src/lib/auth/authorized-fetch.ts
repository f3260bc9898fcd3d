import { renewOnce, type RenewAccessToken } from './renewal';
import { sessionStore } from './session-store';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

function withToken(init: RequestInit, token: string | undefined): RequestInit {
  if (!token) return init;
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  };
}

/**
 * The fetch the console's SDK client sends through: it adds the in-memory access token, and on
 * a 401 renews the token once and sends the request again; when renewal fails the console is
 * signed out (the sign-in page brings the person back to where they were).
 */
export function authorizedFetch(
  base: Fetch = (input, init) => fetch(input, init),
  renew?: RenewAccessToken,
): Fetch {
  return async (input, init) => {
    const token = sessionStore.token;
    const response = await base(input, withToken(init, token));
    if (response.status !== 401 || !token) return response;
    const renewed = await renewOnce(token, renew);
    if (!renewed) return response;
    return base(input, withToken(init, renewed));
  };
}
