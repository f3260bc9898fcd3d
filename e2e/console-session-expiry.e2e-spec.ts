import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ConsoleBrowser } from './support/browser';
import { checkPage, fillProduct, openPage, seedProduct, signIn } from './support/console-pages';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';

/** Product sessions of this system live 20 s: under the 15-minute warning from the start. */
const SESSION_TTL_SEC = 20;

let system: RunningSystem;
let browser: ConsoleBrowser;

printAppOutputOnFailure(() => system);

beforeAll(async () => {
  system = await startSystem({ PRODUCT_SESSION_TTL_SEC: String(SESSION_TTL_SEC) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('web console: product session expiry', () => {
  it('warns before the session expires, then offers a new one that keeps what was typed', async () => {
    const visited = await openPage(browser.context, `${system.gatewayUrl}/console/products/new`);
    const { page, problems } = visited;
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    const timer = page.getByRole('timer');
    await timer.waitFor();
    expect(await timer.textContent()).toMatch(/Session expires in \d+ s/);
    const warning = page.getByRole('alert').filter({ hasText: 'expires in' });
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/expires in (less than a minute|\d+ minutes)/);
    await checkPage(visited, 'product-session-warning');

    const product = seedProduct(`WEB-EXPIRY-${Date.now().toString(36)}`.toUpperCase());
    await fillProduct(page, product);
    // The server forgets the session with it: its progress reads answer 404 from then on.
    problems.expect({ status: 404, path: /\/orchestrate\/session\/[^/]+\/progress$/ });
    const restart = page.getByRole('button', { name: 'Start a new session' });
    await restart.waitFor({ timeout: (SESSION_TTL_SEC + 15) * 1_000 });
    expect(await page.getByRole('button', { name: 'Save product' }).isDisabled()).toBe(true);
    await checkPage(visited, 'product-session-expired');

    await restart.click();
    await timer.waitFor();
    expect(await page.getByLabel('Product code').inputValue()).toBe(product.code);
    expect(await page.getByLabel('Product name').inputValue()).toBe(product.name);
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('heading', { name: 'Audience target', level: 2 }).waitFor();
    // The step's buttons stay disabled until the save has settled; colours are judged after.
    await expect
      .poll(() => page.getByRole('button', { name: 'Skip target' }).isEnabled())
      .toBe(true);
    await checkPage(visited);
    await page.close();
  });
});
