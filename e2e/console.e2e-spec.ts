import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedProductBody } from '@medicalink/testing';
import { consoleHarness } from './support/console-harness';
import {
  checkPage,
  fillProduct,
  pickCriterion,
  progressValue,
  seedProduct,
  signIn,
  type ConsolePage,
} from './support/console-pages';
import { E2E_ADMIN } from './support/system';

const harness = consoleHarness();
const { open, openSignedIn, http, adminToken } = harness;

const code = (label: string) => `WEB-${label}-${randomUUID().slice(0, 6)}`.toUpperCase();

describe('web console: serving', () => {
  it('serves every console path as the app, with a strict policy, and assets by name', async () => {
    const first = await fetch(`${harness.gateway}/console/products/any/deep/link?x=1`);
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');

    const second = await fetch(`${harness.gateway}/console/`);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);

    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    const asset = await fetch(`${harness.gateway}${script}`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await fetch(`${harness.gateway}/console/assets/missing-0000.js`)).status).toBe(404);
    const bare = await fetch(`${harness.gateway}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
  });
});

describe('web console: signing in', () => {
  it('shows the gateway refusing a wrong password, then the wait after too many attempts', async () => {
    const visited = await open('/console/');
    const { page, problems } = visited;
    await page.waitForURL(`${harness.gateway}/console/login`);
    await checkPage(visited, 'sign-in');
    problems.expect({ status: 401, path: /^\/auth\/login$/ });
    problems.expect({ status: 429, path: /^\/auth\/login$/ });
    const email = `nobody-${randomUUID().slice(0, 8)}@medicalink.local`;

    await signIn(page, email, 'not the password 123');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid|wrong/i);

    // Five failures per (address, email) and window: the sixth is refused with a wait.
    const signInButton = page.getByRole('button', { name: 'Sign in' });
    for (let attempt = 0; attempt < 6; attempt += 1) {
      // Listening before the click: on loopback the reply can beat a listener added after it.
      const reply = page.waitForResponse((r) => r.url().endsWith('/auth/login'));
      await signInButton.click();
      if ((await reply).status() === 429) break;
      await expect.poll(() => signInButton.isEnabled()).toBe(true);
    }
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/try again in \d+ s/i);
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    await checkPage(visited);
  });

  it('brings a deep link back after signing in, keeps the token out of storage, and forgets it on sign-out', async () => {
    const visited = await open('/console/doctors?search=x');
    const { page } = visited;
    await page.waitForURL(/\/console\/login\?next=/);
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.waitForURL(`${harness.gateway}/console/doctors?search=x`);
    await page.getByRole('heading', { name: 'Doctors', level: 1 }).waitFor();

    const stored = await page.evaluate<string>(
      'JSON.stringify([Object.values(localStorage), Object.values(sessionStorage), document.cookie])',
    );
    expect(stored).not.toMatch(/eyJ/); // no JWT anywhere a script could read it later

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${harness.gateway}/console/login`);
    // Going back to a page inside the console asks for the password again.
    await page.evaluate(
      "history.pushState({}, '', '/console/doctors'); dispatchEvent(new PopStateEvent('popstate'))",
    );
    // The page's own location, not Playwright's record of navigations: the console replaces the
    // URL within the document, and in CI once the wait for that navigation never ended.
    await expect.poll(() => page.evaluate('location.pathname')).toBe('/console/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await checkPage(visited);
  });
});

describe('web console: staying signed in', () => {
  it('signs in again from its HttpOnly refresh cookie after a reload, never asking for the password', async () => {
    const visited = await openSignedIn('/console/products');
    const { page } = visited;
    const refreshCookie = async () =>
      (await harness.browser.context.cookies(`${harness.gateway}/auth/refresh`)).find(
        (cookie) => cookie.name === 'medicalink_refresh',
      );
    const refresh = await refreshCookie();
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });

    await page.reload();
    await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/products');
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    // The cookie was exchanged for a new one (rotation).
    const rotated = (await harness.browser.context.cookies(harness.gateway)).find(
      (c) => c.name === 'medicalink_refresh',
    );
    expect(rotated?.value).not.toBe(refresh?.value);

    // Signing out revokes it: a reload asks for the password again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${harness.gateway}/console/login`);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await checkPage(visited);
  });
});

describe('web console: navigation by privilege', () => {
  it('offers an owner only what an owner may open, says "permission" and "not found"', async () => {
    const email = `owner-${randomUUID().slice(0, 8)}@medicalink.local`;
    const password = 'Owner-password-0123456';
    const created = await http().call('POST', '/accounts', {
      token: await adminToken(),
      body: { email, password, fullName: 'Olivia Owner' },
    });
    expect(created.status).toBe(201);

    const visited = await open('/console/products');
    const { page } = visited;
    await signIn(page, email, password);
    await page.waitForURL(`${harness.gateway}/console/products`);
    await page.getByText(/do not have permission/i).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Doctors',
      'Education',
      'Schedules',
    ]);
    await checkPage(visited, 'forbidden');

    await nav.getByRole('link', { name: 'Doctors' }).click();
    await page.getByRole('heading', { name: 'Doctors', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'New doctor' }).count()).toBe(0);

    await page.evaluate(
      "history.pushState({}, '', '/console/no-such-page'); dispatchEvent(new PopStateEvent('popstate'))",
    );
    await page.getByRole('heading', { name: /not found/i }).waitFor();
    await checkPage(visited, 'not-found');
  });
});

describe('web console: product creation (the session stepper)', () => {
  it('creates a product with a target through every step and lands on its page', async () => {
    const visited = await openSignedIn('/console/products/new');
    const { page, problems } = visited;
    const productCode = code('STEP');
    await page.getByRole('timer').filter({ hasText: 'Session expires in' }).waitFor();
    expect(await page.getByRole('timer').textContent()).toMatch(
      /Session expires in (1 h 59|2 h 00) min/,
    );
    await expect.poll(() => progressValue(page)).toBe('25');
    await checkPage(visited, 'product-step-details');

    // The target step is reachable at once; the server refuses a target before a product.
    problems.expect({ status: 400, path: /\/audience-target$/ });
    await page.getByRole('tab', { name: 'Audience target' }).click();
    await page.getByText(/accepts it only once the product is\s+saved/).waitFor();
    await page.getByRole('button', { name: 'Save target' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/product/i);
    await page.getByRole('tab', { name: 'Product details' }).click();

    await fillProduct(page, seedProduct(productCode));
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('heading', { name: 'Audience target', level: 2 }).waitFor();
    await expect.poll(() => progressValue(page)).toBe('50');
    // The refusal of a target without a product no longer holds once the product is saved.
    expect(await page.getByRole('alert').count()).toBe(0);

    const preview = page.getByRole('list', { name: 'Target preview' });
    expect(await preview.getByRole('listitem').allTextContents()).toEqual(['Open to all']);
    await pickCriterion(page, 'Provinces', ['Ontario', 'Quebec']);
    await pickCriterion(page, 'Practice areas', [
      'Paediatrics',
      'Physical rehabilitation',
      'Acute care',
    ]);
    expect(await preview.getByRole('listitem').allTextContents()).toEqual([
      '2 Provinces',
      '3 Practice areas',
    ]);
    await checkPage(visited, 'product-step-target');
    await page.getByRole('button', { name: 'Save target' }).click();
    await page.getByRole('heading', { name: 'Review and commit', level: 2 }).waitFor();
    await expect.poll(() => progressValue(page)).toBe('75');
    await page.getByText('Ontario, Quebec').waitFor();
    await checkPage(visited, 'product-step-review');

    await page.getByRole('button', { name: 'Commit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm product creation' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(productCode);
    await checkPage(visited, 'product-confirm-dialog');
    await dialog.getByRole('button', { name: 'Create product' }).click();

    await page.waitForURL(/\/console\/products\/[0-9a-f-]{36}$/);
    await page.getByText(productCode, { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: 'Advanced OT Workshop 2026' }).waitFor();
    expect(await page.getByText('4400 Continuing education').count()).toBeGreaterThan(0);
    await checkPage(visited, 'product-page');

    // The target stays editable on the product page (PATCH .../target).
    await page.getByRole('button', { name: 'Edit target' }).click();
    await pickCriterion(page, 'Employment status', ['Full-time']);
    await page.getByRole('button', { name: 'Save target' }).click();
    await page.getByText('Target saved.').waitFor();
    const target = page.getByRole('list', { name: 'Who may see this product' });
    expect(await target.getByRole('listitem').allTextContents()).toEqual([
      '2 Provinces',
      '3 Practice areas',
      '1 Employment status',
    ]);

    await page.getByRole('link', { name: 'Products' }).first().click();
    await page.getByLabel('Search products').fill(productCode);
    await page.getByRole('link', { name: productCode }).waitFor();
    const row = page.getByRole('row').filter({ hasText: productCode });
    expect(await row.textContent()).toMatch(/Workshop.*Available.*2026.*199\.99.*2 Provinces/);
    await checkPage(visited, 'products');
  });

  it('shows a taken code on its field, with a free code to use instead', async () => {
    const taken = code('TAKEN');
    const direct = await http().call('POST', '/private/products', {
      token: await adminToken(),
      body: seedProductBody({ productCode: taken }),
    });
    expect(direct.status).toBe(201);

    const visited = await openSignedIn('/console/products/new');
    const { page, problems } = visited;
    problems.expect({ status: 409, path: /\/session\/[^/]+\/product$/ });
    await page.getByRole('timer').waitFor();
    await fillProduct(page, seedProduct(taken.toLowerCase()));
    await page.getByRole('button', { name: 'Save product' }).click();

    const field = page.getByRole('textbox', { name: 'Product code' });
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    const message = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent();
    expect(message).toContain('already');
    await page.getByRole('button', { name: `Use ${taken}-2` }).waitFor();
    await checkPage(visited, 'product-code-taken');
    await page.getByRole('button', { name: `Use ${taken}-2` }).click();
    expect(await field.inputValue()).toBe(`${taken}-2`);

    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('heading', { name: 'Audience target', level: 2 }).waitFor();
  });

  it('can be completed with the keyboard alone', async () => {
    const visited = await open('/console/products/new');
    const { page } = visited;
    const keyboard = page.keyboard;
    await page.getByLabel('Email').focus();
    await keyboard.type(E2E_ADMIN.email);
    await keyboard.press('Tab');
    await keyboard.type(E2E_ADMIN.password);
    await keyboard.press('Enter');
    await page.getByRole('timer').waitFor();

    const productCode = code('KEYS');
    const focusOn = async (name: string) => tabTo(page, name);
    await focusOn('Product code');
    await keyboard.type(productCode);
    await keyboard.press('Tab');
    await keyboard.type('Keyboard workshop');
    await focusOn('Category');
    await keyboard.type('Workshop');
    await focusOn('Status');
    await keyboard.type('Available');
    await focusOn('GL code');
    await keyboard.type('4400');
    await focusOn('General price');
    await keyboard.type('80');
    await keyboard.press('Enter'); // submits the step's form: Save product
    await page.getByRole('heading', { name: 'Audience target', level: 2 }).waitFor();

    await focusOn('Provinces');
    await keyboard.type('Ontar');
    await keyboard.press('ArrowDown');
    await keyboard.press('Enter');
    await keyboard.press('Escape');
    await focusOn('Save target');
    await keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Review and commit', level: 2 }).waitFor();
    // A disabled button takes no focus: Commit opens once the staged session has loaded.
    await page.locator('button:not([disabled])', { hasText: /^Commit$/ }).waitFor();
    await focusOn('Commit');
    await keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Confirm product creation' }).waitFor();
    await focusOn('Create product');
    await keyboard.press('Enter');
    await page.waitForURL(/\/console\/products\/[0-9a-f-]{36}$/);
    await page.getByText(productCode, { exact: true }).first().waitFor();
    await checkPage(visited);
  });
});

describe('web console: doctors and overview', () => {
  it('creates, finds, shows and deactivates a doctor; a failed creation names its step and compensation', async () => {
    const visited = await openSignedIn('/console/doctors');
    const { page, problems } = visited;
    const license = `WEB-${randomUUID().slice(0, 8)}`;
    const create = async (fullName: string, email: string) => {
      await page.getByRole('button', { name: 'New doctor' }).click();
      const dialog = page.getByRole('dialog', { name: 'New doctor' });
      await dialog.getByLabel('Full name').fill(fullName);
      await dialog.getByLabel('Email').fill(email);
      await dialog.getByLabel('Initial password').fill('A long initial password 1');
      await dialog.getByLabel('Specialty').fill('Diagnostics');
      await dialog.getByLabel('Licence number').fill(license);
      await dialog.getByRole('button', { name: 'Create doctor' }).click();
      return dialog;
    };
    const suffix = randomUUID().slice(0, 6);
    await create(`Gregory House ${suffix}`, `house-${suffix}@example.com`);
    await page.waitForURL(/\/console\/doctors\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: `Gregory House ${suffix}` }).waitFor();
    await page.getByText(/Read fresh from the services|From the cache/).waitFor();
    await checkPage(visited, 'doctor');

    await page.getByRole('link', { name: 'Doctors' }).first().click();
    await page.getByLabel('Search doctors').fill(`house ${suffix}`);
    await page.getByRole('link', { name: `Gregory House ${suffix}` }).waitFor();
    await page.getByText(/Read fresh from the services|From the cache/).waitFor();
    await checkPage(visited, 'doctors');

    problems.expect({ status: 409, path: /^\/doctors$/ });
    const dialog = await create(`Lisa Cuddy ${suffix}`, `cuddy-${suffix}@example.com`);
    const failure = dialog.getByRole('alert').filter({ hasText: 'The doctor was not created' });
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(/Create the doctor profile.*compensated/s);
    await checkPage(visited, 'doctor-creation-failed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: `Gregory House ${suffix}` }).click();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    await page.getByText('Inactive', { exact: true }).first().waitFor();
    await checkPage(visited);
  });

  it('shows the health of every service and of the infrastructure', async () => {
    const visited = await openSignedIn('/console/');
    const { page } = visited;
    await page.getByText('System healthy.').waitFor();
    for (const part of [
      'Orchestrator',
      'Accounts',
      'Provider directory',
      'Products',
      'Education',
      'RabbitMQ',
      'Redis',
    ]) {
      const card = page.getByRole('region', { name: part });
      expect(await card.textContent(), part).toContain('Up');
    }
    // Each service links to its dead letters, with their count.
    await page
      .getByRole('region', { name: 'Orchestrator' })
      .getByRole('link', { name: /^\d+ dead letters?$/ })
      .waitFor();
    await checkPage(visited, 'overview');
  });
});

/** Presses Tab until the focused control's accessible name is `name` (at most 60 presses). */
async function tabTo(page: ConsolePage['page'], name: string): Promise<void> {
  const focusedName = `(() => {
    const el = document.activeElement;
    if (!el) return '';
    const labelled = el.getAttribute('aria-labelledby');
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels && el.labels.length) return el.labels[0].textContent.replace(/[\\s*]+$/, '');
    if (labelled) return document.getElementById(labelled.split(' ')[0])?.textContent ?? '';
    return el.textContent.trim();
  })()`;
  for (let presses = 0; presses < 60; presses += 1) {
    if ((await page.evaluate<string>(focusedName)).trim() === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${name}"`);
}
