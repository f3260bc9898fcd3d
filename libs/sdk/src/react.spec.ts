import { createElement } from 'react';
import { act, create, type ReactTestRenderer } from 'react-test-renderer';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMedicaLinkClient } from './client.js';
import { MedicaLinkProvider, useMedicaLink, type UseMedicaLink } from './react.js';
import { fakeFetch, gatewayError, json, PRODUCT } from '../test/fake-fetch.js';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

/** Renders a component using the hook and hands out what the hook returned last. */
function renderHook(client: ReturnType<typeof createMedicaLinkClient>) {
  let latest: UseMedicaLink | undefined;
  function Probe() {
    latest = useMedicaLink();
    return createElement('span', null, latest.isLoading ? 'loading' : (latest.error ?? 'idle'));
  }
  let renderer: ReactTestRenderer | undefined;
  act(() => {
    renderer = create(createElement(MedicaLinkProvider, { client }, createElement(Probe)));
  });
  return { hook: () => latest!, text: () => renderer!.toJSON() as { children: string[] } };
}

describe('useMedicaLink (React)', () => {
  beforeAll(() => {
    globalThis.IS_REACT_ACT_ENVIRONMENT = true;
    // react-test-renderer 19 announces its deprecation once; the warning is not about this code.
    const error = console.error.bind(console);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('react-test-renderer is deprecated')) error(...args);
    });
  });
  afterEach(() => vi.clearAllMocks());

  it('tracks isLoading while an operation runs and returns its data', async () => {
    let release: (() => void) | undefined;
    const fetch = fakeFetch(async (request) => {
      if (request.method === 'POST') {
        await new Promise<void>((resolve) => (release = resolve));
        return json(201, { sagaId: 's', accountId: 'a', doctorId: 'd' });
      }
      return json(200, { data: { id: 'd' }, cache: {} });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });
    const { hook, text } = renderHook(client);
    expect(text().children).toEqual(['idle']);

    let pending: Promise<unknown> | undefined;
    await act(async () => {
      pending = hook().onboardDoctor({
        email: 'a@b.c',
        password: 'x'.repeat(12),
        fullName: 'D',
        specialty: 'Cardio',
        licenseNumber: 'L-1',
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    expect(hook().isLoading).toBe(true);
    expect(text().children).toEqual(['loading']);

    await act(async () => {
      release!();
      await pending;
    });
    expect(await pending).toMatchObject({ doctorId: 'd', doctor: { id: 'd' } });
    expect(hook().isLoading).toBe(false);
    expect(hook().error).toBeNull();
  });

  it('exposes the error of a failed operation and returns null', async () => {
    const client = createMedicaLinkClient({
      token: 't',
      fetch: fakeFetch(() => gatewayError(403, 'Forbidden')),
    });
    const { hook, text } = renderHook(client);

    let data: unknown;
    await act(async () => {
      data = await hook().createProductWithTarget(PRODUCT);
    });

    expect(data).toBeNull();
    expect(hook().error).toBe('createSession failed: Forbidden');
    expect(text().children).toEqual(['createSession failed: Forbidden']);
    expect(hook().lastResult).toMatchObject({ success: false, status: 403 });
  });

  it('runs any client call through execute', async () => {
    const client = createMedicaLinkClient({
      token: 't',
      fetch: fakeFetch(() => json(200, { id: 'acc' })),
    });
    const { hook } = renderHook(client);
    let data: unknown;
    await act(async () => {
      data = await hook().execute((c) => c.getAccount('acc'));
    });
    expect(data).toEqual({ id: 'acc' });
    expect(hook().client).toBe(client);
  });
});
