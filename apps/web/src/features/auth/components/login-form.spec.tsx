import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../lib/auth';
import { renderWithProviders } from '../../../testing/render';
import { LoginForm } from './login-form';

const originalFetch = globalThis.fetch;

/** The sign-in call goes through a client of its own, on the page's fetch. */
function gatewayAnswering(...replies: Response[]) {
  const fetch = vi.fn(async () => replies.shift() ?? new Response('{}', { status: 500 }));
  globalThis.fetch = fetch;
  return fetch;
}

async function submit(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: /Email/ }), 'someone@example.com');
  await user.type(screen.getByLabelText(/Password/), 'wrong password');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm', () => {
  beforeEach(() => sessionStore.restored(null));
  afterEach(() => {
    globalThis.fetch = originalFetch;
    sessionStore.signOut('signed-out');
  });

  it("shows the gateway's refusal of wrong credentials in an alert", async () => {
    const user = userEvent.setup({ delay: null });
    gatewayAnswering(
      new Response(JSON.stringify({ statusCode: 401, message: 'Invalid email or password' }), {
        status: 401,
      }),
    );
    renderWithProviders(<LoginForm onSignedIn={vi.fn()} />, { fetch: vi.fn() });
    await submit(user);
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid email or password');
    expect(sessionStore.getSnapshot().status).toBe('signed-out');
  });

  it('after too many attempts says how long to wait, and waits', async () => {
    const user = userEvent.setup({ delay: null });
    gatewayAnswering(
      new Response(
        JSON.stringify({ statusCode: 429, message: 'Too many failed sign-in attempts' }),
        {
          status: 429,
          headers: { 'retry-after': '42' },
        },
      ),
    );
    renderWithProviders(<LoginForm onSignedIn={vi.fn()} />, { fetch: vi.fn() });
    await submit(user);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Too many failed sign-in attempts.*try again in 4[12] s/);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sign in' }).disabled).toBe(true);
  });

  it('keeps the token in memory and tells the page', async () => {
    const user = userEvent.setup({ delay: null });
    const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '');
    const accessToken = `${b64({ alg: 'HS256' })}.${b64({ sub: 'a', email: 'someone@example.com', privilege: 'main', exp: Date.now() / 1000 + 900 })}.s`;
    gatewayAnswering(
      new Response(JSON.stringify({ accessToken, tokenType: 'Bearer', expiresIn: 900 })),
    );
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />, { fetch: vi.fn() });
    await submit(user);
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(sessionStore.token).toBe(accessToken);
    // Storage holds at most the flag that a sign-in exists, never the token.
    expect(Object.keys({ ...localStorage, ...sessionStorage })).toEqual([
      'medicalink.console.signedIn',
    ]);
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain(accessToken);
  });
});
