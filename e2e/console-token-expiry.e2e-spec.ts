import { describe, expect, it } from 'vitest';
import { consoleHarness } from './support/console-harness';
import { checkPage, fillProduct, seedProduct } from './support/console-pages';

/** Access tokens live 9 s here; the gateway takes an expired one for 1 s more (clock skew). */
const ACCESS_TOKEN_SEC = 9;
const CLOCK_SKEW_SEC = 1;

const harness = consoleHarness({
  JWT_EXPIRES_IN_SEC: String(ACCESS_TOKEN_SEC),
  JWT_CLOCK_SKEW_SEC: String(CLOCK_SKEW_SEC),
});

describe('web console: an access token expiring mid-stepper', () => {
  it('renews from the refresh cookie and the stepper goes on to the product page', async () => {
    const visited = await harness.openSignedIn('/console/products/new');
    const { page } = visited;
    const renewals: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/auth/refresh') renewals.push(response.status());
    });
    await page.getByRole('timer').waitFor();
    const product = seedProduct(`WEB-RENEW-${Date.now().toString(36)}`.toUpperCase());
    await fillProduct(page, product);

    // Past two tokens' lives and the gateway's skew: only renewed tokens still work.
    await page.waitForTimeout((2 * ACCESS_TOKEN_SEC + CLOCK_SKEW_SEC + 2) * 1_000);
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    expect(renewals.every((status) => status === 200)).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    expect(await page.getByLabel('Product code').inputValue()).toBe(product.code);

    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('heading', { name: 'Audience target', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Skip target' }).click();
    await page.getByRole('heading', { name: 'Review and commit', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Commit' }).click();
    await page
      .getByRole('dialog', { name: 'Confirm product creation' })
      .getByRole('button', { name: 'Create product' })
      .click();
    await page.waitForURL(/\/console\/products\/[0-9a-f-]{36}$/);
    await page.getByText(product.code, { exact: true }).first().waitFor();
    await checkPage(visited);
  }, 120_000);
});
