import type { FetchLike } from '@medicalink/sdk';

export interface FakeRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (request: FakeRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function gatewayError(status: number, message: string, extra: Record<string, unknown> = {}) {
  return json(status, { statusCode: status, message, operationId: 'op-test', ...extra });
}

/**
 * A gateway for component tests: routes as `"METHOD /path"` (a `*` matches one path segment),
 * every request recorded. An unknown route answers 404, so a test sees what it forgot.
 */
export function fakeGateway(routes: Record<string, Handler>) {
  const requests: FakeRequest[] = [];
  const patterns = Object.entries(routes).map(([route, handler]) => {
    const [method, path] = route.split(' ') as [string, string];
    const regex = new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]+')}$`);
    return { method, regex, handler };
  });
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request = { method: init.method ?? 'GET', path: url.pathname, body, headers };
    requests.push(request);
    const match = patterns.find((p) => p.method === request.method && p.regex.test(url.pathname));
    return match
      ? match.handler(request)
      : gatewayError(404, `no route ${request.method} ${url.pathname}`);
  };
  return { fetch, requests };
}

/** The option sets the product service serves (a few of each). */
export const OPTIONS = {
  category: [
    { value: 1, label: 'Membership' },
    { value: 3, label: 'Workshop' },
  ],
  status: [
    { value: 1, label: 'Available' },
    { value: 2, label: 'Draft' },
  ],
  glCode: [{ value: 16, label: '4400 Continuing education' }],
  osot_location_province: [
    { value: 1, label: 'Ontario' },
    { value: 2, label: 'Quebec' },
    { value: 3, label: 'British Columbia' },
  ],
  osot_registration_class: [{ value: 1, label: 'General' }],
  osot_practice_area: [
    { value: 2, label: 'Paediatrics' },
    { value: 5, label: 'Physical rehabilitation' },
  ],
  osot_years_in_practice: [{ value: 3, label: '3 to 5 years' }],
  osot_employment_status: [{ value: 1, label: 'Full-time' }],
  osot_employment_sector: [{ value: 2, label: 'Community health' }],
};
