import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { gatewayClient } from '@medicalink/testing';
import { launchChromium, type ConsoleBrowser } from './browser';
import { openPage, signIn, type ConsolePage } from './console-pages';
import { E2E_ADMIN, printAppOutputOnFailure, startSystem, type RunningSystem } from './system';

/**
 * A real system and a Chromium for the console's browser tests of one file: pages opened through
 * it are checked after each test (no console error or failed request left) and closed, and each
 * test starts signed out.
 */
export function consoleHarness(env: Record<string, string> = {}) {
  let system: RunningSystem;
  let browser: ConsoleBrowser;
  const opened: ConsolePage[] = [];

  printAppOutputOnFailure(() => system);

  beforeAll(async () => {
    system = await startSystem(env);
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const visited of opened.splice(0)) {
      const problems = visited.problems.take();
      // No refresh cookie, no hint that one exists, for the next test.
      await visited.page.evaluate('localStorage.clear()').catch(() => undefined);
      await visited.page.close();
      expect(problems, `problems left on ${visited.page.url()}`).toEqual([]);
    }
    await browser.context.clearCookies();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const harness = {
    get system() {
      return system;
    },
    get browser() {
      return browser;
    },
    get gateway() {
      return system.gatewayUrl;
    },
    http: () => gatewayClient(system.gatewayUrl),
    /** A fresh token: signing out in the console (a test does) ends every earlier sign-in. */
    adminToken: () => gatewayClient(system.gatewayUrl).token(E2E_ADMIN.email, E2E_ADMIN.password),

    async open(path: string): Promise<ConsolePage> {
      const visited = await openPage(browser.context, `${system.gatewayUrl}${path}`);
      opened.push(visited);
      return visited;
    },

    /** Opens `path` signed out and signs in (as the admin unless told), back on `path`. */
    async openSignedIn(
      path: string,
      account: { email: string; password: string } = E2E_ADMIN,
    ): Promise<ConsolePage> {
      const visited = await harness.open(path);
      await signIn(visited.page, account.email, account.password);
      await visited.page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(new URL(visited.page.url()).pathname.replace(/\/$/, '')).toBe(
        path.split('?')[0]!.replace(/\/$/, ''),
      );
      return visited;
    },
  };
  return harness;
}
