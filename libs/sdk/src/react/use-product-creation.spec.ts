import { createElement } from 'react';
import { act, create, type ReactTestRenderer } from 'react-test-renderer';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMedicaLinkClient, type MedicaLinkClient } from '../client.js';
import {
  fakeFetch,
  gatewayError,
  json,
  PRODUCT,
  type RecordedRequest,
} from '../../test/fake-fetch.js';
import { MedicaLinkProvider, useMedicaLinkClient } from './context.js';
import { useProductCreation, type UseProductCreation } from './use-product-creation.js';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

const BASE = '/private/products/orchestrate/session';
const HOUR = 3_600_000;
// The server's clock is a day ahead of this device's: the countdown must not care.
const SERVER_NOW = Date.now() + 24 * HOUR;

const created = {
  sessionId: 's-1',
  state: 'initiated',
  userId: 'u-1',
  organizationGuid: null,
  createdAt: new Date(SERVER_NOW).toISOString(),
  expiresAt: new Date(SERVER_NOW + 2 * HOUR).toISOString(),
};

function progress(state: string, percentage: number, secondsRemaining = 7_000) {
  return {
    sessionId: 's-1',
    state,
    percentage,
    canCommit: percentage >= 50,
    hasProduct: percentage >= 50,
    hasTarget: percentage >= 75,
    createdAt: created.createdAt,
    updatedAt: created.createdAt,
    expiresAt: created.expiresAt,
    secondsRemaining,
    version: 1,
    productGuid: null,
    lastError: null,
  };
}

function sessionView(state: string) {
  return {
    sessionId: 's-1',
    state,
    product: null,
    audienceTarget: null,
    version: 2,
    updatedAt: created.createdAt,
    expiresAt: created.expiresAt,
  };
}

/** A gateway holding one session: answers each route, and reports its progress. */
function sessionGateway(overrides: Partial<Record<string, (r: RecordedRequest) => Response>> = {}) {
  let stage = progress('initiated', 25);
  return fakeFetch((request) => {
    const route = `${request.method} ${request.path}`;
    const override = overrides[route];
    if (override) return override(request);
    switch (route) {
      case `POST ${BASE}/create`:
        return json(201, created);
      case `POST ${BASE}/s-1/product`:
        stage = progress('product-added', 50);
        return json(200, sessionView('product-added'));
      case `POST ${BASE}/s-1/audience-target`:
        stage = progress('target-configured', 75);
        return json(200, sessionView('target-configured'));
      case `POST ${BASE}/s-1/commit`:
        stage = progress('committed', 100);
        return json(200, {
          success: true,
          productGuid: 'p-1',
          targetGuid: 't-1',
          productCode: 'ABC-1',
          operationId: 'op',
        });
      case `GET ${BASE}/s-1/progress`:
        return json(200, stage);
      default:
        return gatewayError(404, `no route ${route}`);
    }
  });
}

function render(client: MedicaLinkClient, pollInterval = 5_000) {
  let latest: UseProductCreation | undefined;
  function Probe() {
    latest = useProductCreation({ pollInterval });
    return createElement('span', null, latest.state);
  }
  let renderer: ReactTestRenderer | undefined;
  act(() => {
    renderer = create(createElement(MedicaLinkProvider, { client }, createElement(Probe)));
  });
  return {
    hook: () => latest!,
    unmount: () => act(() => renderer!.unmount()),
  };
}

const progressReads = (fetch: { requests: RecordedRequest[] }) =>
  fetch.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/progress')).length;

/** Lets pending replies and the renders they cause settle. */
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 10)));

describe('useProductCreation (React)', () => {
  beforeAll(() => {
    globalThis.IS_REACT_ACT_ENVIRONMENT = true;
    const error = console.error.bind(console);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('react-test-renderer is deprecated')) error(...args);
    });
  });
  afterEach(() => vi.useRealTimers());

  it('opens a session whose countdown follows the time the server gives it, not the clocks', async () => {
    const fetch = sessionGateway();
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch }));
    expect(hook().state).toBe('idle');

    await act(async () => {
      await hook().startSession();
    });
    await settle();

    expect(hook()).toMatchObject({ state: 'creating', sessionId: 's-1', expired: false });
    // 7000 s left by the progress read, however far the server's clock is from ours
    expect(hook().expiresAt! - Date.now()).toBeGreaterThan(6_990_000);
    expect(hook().expiresAt! - Date.now()).toBeLessThanOrEqual(7_000_000);
    expect(hook().progress?.percentage).toBe(25);
  });

  it('runs each step, reads the progress after each, and ends in success with the commit', async () => {
    const fetch = sessionGateway();
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch }));
    await act(async () => {
      await hook().startSession();
    });

    await act(async () => {
      expect((await hook().addProduct(PRODUCT)).success).toBe(true);
    });
    await settle();
    expect(hook()).toMatchObject({ sessionState: 'product-added', progress: { percentage: 50 } });

    await act(async () => {
      await hook().configureTarget({ osot_location_province: [1, 2] });
    });
    await settle();
    expect(hook().progress?.percentage).toBe(75);

    let commit: Awaited<ReturnType<UseProductCreation['commit']>> | undefined;
    await act(async () => {
      commit = await hook().commit();
    });
    await settle();
    expect(commit).toMatchObject({ success: true, data: { productGuid: 'p-1' } });
    expect(hook()).toMatchObject({ state: 'success', committed: { productCode: 'ABC-1' } });
    const paths = fetch.requests.map((r) => `${r.method} ${r.path.slice(BASE.length)}`);
    expect(paths).toEqual([
      'POST /create',
      'GET /s-1/progress',
      'POST /s-1/product',
      'GET /s-1/progress',
      'POST /s-1/audience-target',
      'GET /s-1/progress',
      'POST /s-1/commit',
      'GET /s-1/progress',
    ]);
  });

  it('keeps a refused step in lastFailure with the fields the gateway named, session still open', async () => {
    const fetch = sessionGateway({
      [`POST ${BASE}/s-1/product`]: () =>
        gatewayError(400, 'Product validation failed', {
          errors: ['productCode: must be 3 to 40 characters of A-Z, 0-9 and -'],
        }),
    });
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch }));
    await act(async () => {
      await hook().startSession();
    });

    await act(async () => {
      await hook().addProduct({ ...PRODUCT, productCode: 'x' });
    });

    expect(hook().state).toBe('error');
    expect(hook().lastFailure).toMatchObject({
      status: 400,
      details: { errors: ['productCode: must be 3 to 40 characters of A-Z, 0-9 and -'] },
    });
    expect(hook().error).toMatch(/Product validation failed/);
    expect(hook().sessionId).toBe('s-1');
    expect(hook().expired).toBe(false);
  });

  it('reads the progress every pollInterval while the session is open and stops on unmount', async () => {
    const fetch = sessionGateway();
    const { hook, unmount } = render(createMedicaLinkClient({ token: 't', fetch }), 30);
    await act(async () => {
      await hook().startSession();
    });
    await act(async () => new Promise((resolve) => setTimeout(resolve, 200)));
    const whileOpen = progressReads(fetch);
    expect(whileOpen).toBeGreaterThanOrEqual(4);

    unmount();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(progressReads(fetch)).toBe(whileOpen);
  });

  it('stops polling once committed', async () => {
    const fetch = sessionGateway();
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch }), 30);
    await act(async () => {
      await hook().startSession();
      await hook().addProduct(PRODUCT);
      await hook().commit();
    });
    await settle();
    const afterCommit = progressReads(fetch);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 150)));
    expect(progressReads(fetch)).toBe(afterCommit);
  });

  it('says the session expired when the server no longer knows it, and stops polling', async () => {
    let gone = false;
    const fetch = sessionGateway({
      [`GET ${BASE}/s-1/progress`]: () =>
        gone
          ? gatewayError(404, 'Session not found or expired')
          : json(200, progress('initiated', 25)),
    });
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch }), 30);
    await act(async () => {
      await hook().startSession();
    });
    gone = true;
    await act(async () => new Promise((resolve) => setTimeout(resolve, 100)));

    expect(hook().expired).toBe(true);
    const reads = progressReads(fetch);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(progressReads(fetch)).toBe(reads);

    // a fresh session starts over
    gone = false;
    await act(async () => {
      await hook().startSession();
    });
    expect(hook()).toMatchObject({ expired: false, state: 'creating' });
  });

  it('reports a failed commit with its errors, and the session stays committable', async () => {
    let attempts = 0;
    const fetch = sessionGateway({
      [`POST ${BASE}/s-1/commit`]: () =>
        ++attempts === 1
          ? json(503, {
              statusCode: 503,
              message: 'Failed to commit session after 3 attempts',
              success: false,
              errors: ['product service unavailable'],
              operationId: 'op',
            })
          : json(200, {
              success: true,
              productGuid: 'p-1',
              targetGuid: 't-1',
              productCode: 'ABC-1',
              operationId: 'op',
            }),
    });
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch, retryAttempts: 0 }));
    await act(async () => {
      await hook().startSession();
      await hook().addProduct(PRODUCT);
      await hook().commit();
    });
    expect(hook()).toMatchObject({
      state: 'error',
      lastFailure: { status: 503, details: { errors: ['product service unavailable'] } },
    });

    await act(async () => {
      await hook().commit();
    });
    expect(hook()).toMatchObject({ state: 'success', lastFailure: null });
  });

  it('refuses a step before a session is open, without a request', async () => {
    const fetch = sessionGateway();
    const { hook } = render(createMedicaLinkClient({ token: 't', fetch }));
    let result: Awaited<ReturnType<UseProductCreation['addProduct']>> | undefined;
    await act(async () => {
      result = await hook().addProduct(PRODUCT);
    });
    expect(result).toMatchObject({ success: false, error: expect.stringMatching(/start one/) });
    expect(fetch.requests).toEqual([]);
  });
});

describe('useMedicaLinkClient (React)', () => {
  it("hands out the provider's client", () => {
    const client = createMedicaLinkClient({ token: 't', fetch: fakeFetch(() => json(200, {})) });
    let seen: MedicaLinkClient | undefined;
    function Probe() {
      seen = useMedicaLinkClient();
      return null;
    }
    act(() => {
      create(createElement(MedicaLinkProvider, { client }, createElement(Probe)));
    });
    expect(seen).toBe(client);
  });
});
