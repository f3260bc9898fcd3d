export type Json = Record<string, unknown>;

export interface Reply<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

export interface GatewayClientOptions {
  /** sees every response body as received (a test checking that no reply leaks a secret) */
  onBody?: (text: string) => void;
}

/** A small JSON client for the gateway (tests and benches), with an optional bearer token. */
export function gatewayClient(baseUrl: string, { onBody }: GatewayClientOptions = {}) {
  const call = async <T = Json>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    onBody?.(text);
    return {
      status: response.status,
      headers: response.headers,
      body: parseBody(text) as T,
    };
  };
  const token = async (email: string, password: string): Promise<string> => {
    const reply = await call<{ accessToken: string }>('POST', '/auth/login', {
      body: { email, password },
    });
    if (reply.status !== 200)
      throw new Error(`login of ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.accessToken;
  };
  return { call, token };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
