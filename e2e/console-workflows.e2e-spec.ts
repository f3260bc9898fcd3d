import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPage, type ConsolePage } from './support/console-pages';
import { consoleHarness } from './support/console-harness';

/**
 * The console's part 2 against one real system: education registrations (seed 000), schedule
 * imports (seed 002), the saga explorer, dead letters and accounts.
 */
const harness = consoleHarness();
const { openSignedIn, http, adminToken } = harness;

/** An owner account with a business id of its own (an occupational therapist). */
async function therapist(): Promise<{
  id: string;
  businessId: string;
  email: string;
  password: string;
}> {
  const tag = randomUUID().slice(0, 8);
  const businessId = `OT-${tag}`.toUpperCase();
  const email = `ot-${tag}@medicalink.local`;
  const password = `Therapist-password-${tag}`;
  const created = await http().call<{ id: string }>('POST', '/accounts', {
    token: await adminToken(),
    body: { email, password, fullName: `Terry Therapist ${tag}`, businessId },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, businessId, email, password };
}

type Page = ConsolePage['page'];

/** Fills the start dialog with a Montréal master's degree; `college` as typed. */
async function fillRegistration(page: Page, businessId: string | null, college: string) {
  await page.getByRole('button', { name: 'Start registration' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a registration' });
  await dialog.waitFor();
  if (businessId !== null) await dialog.getByLabel('Business id').fill(businessId);
  await dialog.getByLabel('Graduation year').fill('2019');
  await dialog.getByRole('combobox', { name: 'University' }).fill('Montréal');
  await page.getByRole('option', { name: 'Université de Montréal' }).click();
  await dialog.getByRole('combobox', { name: 'College' }).fill(college);
  return dialog;
}

async function stage(page: Page, dialog: ReturnType<Page['getByRole']>) {
  await dialog.getByRole('button', { name: 'Stage registration' }).click();
  await page.waitForURL(/\/console\/education\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: /^Registration of / }).waitFor();
}

const status = (page: Page) => page.getByRole('heading', { name: /^Registration of / });

describe('web console: education registrations (seed 000)', () => {
  it('takes a registration through every step, its misspelt college corrected by a suggestion', async () => {
    const ot = await therapist();
    const visited = await openSignedIn('/console/education');
    const { page } = visited;
    await page.getByRole('heading', { name: 'Education', level: 1 }).waitFor();
    await checkPage(visited, 'education');

    const dialog = await fillRegistration(page, ot.businessId, 'Colege de Maisoneuve');
    const check = dialog.getByLabel('College check');
    await check.waitFor();
    expect(await check.textContent()).toContain('is not a known college in Canada');
    await checkPage(visited, 'education-start');
    await check.getByRole('button', { name: 'Use Collège de Maisonneuve' }).click();
    expect(await dialog.getByRole('combobox', { name: 'College' }).inputValue()).toBe(
      'Collège de Maisonneuve',
    );
    await expect.poll(() => check.count()).toBe(0);
    await stage(page, dialog);
    await status(page).waitFor();

    const stepButton = (name: string) =>
      page.getByRole('button', { name, exact: false }).filter({ hasText: name });
    await stepButton('Validate').click();
    await page.getByText('Score 100 / 100').waitFor();
    await stepButton('Determine category').click();
    await page.getByText('Graduate', { exact: true }).first().waitFor();
    await page.getByLabel('Account to link').fill(ot.id);
    await stepButton('Link account').click();
    await expect.poll(() => stepButton('Create record').isEnabled()).toBe(true);
    await stepButton('Create record').click();
    await expect.poll(() => stepButton('Complete').isEnabled()).toBe(true);
    await stepButton('Complete').click();
    await page.getByText('The registration is complete').waitFor();
    const trail = page.getByRole('list', { name: 'Audit trail' });
    await expect.poll(() => trail.getByRole('listitem').count()).toBeGreaterThanOrEqual(6);
    await checkPage(visited, 'education-registration');
  });

  it('runs every step with "Run all steps"', async () => {
    const ot = await therapist();
    const visited = await openSignedIn('/console/education');
    const { page } = visited;
    const dialog = await fillRegistration(page, ot.businessId, '');
    await stage(page, dialog);
    await page.getByLabel('Account to link').fill(ot.id);
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await page.getByText('The registration is complete').waitFor();
    await checkPage(visited);
  });

  it("gives an owner their own registration and records, and nothing else's", async () => {
    const ot = await therapist();
    const visited = await openSignedIn('/console/education', ot);
    const { page } = visited;
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Doctors',
      'Education',
      'Schedules',
    ]);
    const dialog = await fillRegistration(page, null, '');
    await expect.poll(() => dialog.getByLabel('Business id').inputValue()).toBe(ot.businessId);
    expect(await dialog.getByText('Skip validation').count()).toBe(0);
    await stage(page, dialog);
    expect(await page.getByLabel('Account to link').inputValue()).toBe(ot.id);
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await page.getByText('The registration is complete').waitFor();

    await nav.getByRole('link', { name: 'Education' }).click();
    const records = page.getByRole('table', { name: 'Education records' });
    await records.getByRole('cell', { name: ot.businessId }).waitFor();
    expect(await records.getByRole('row').count()).toBe(2); // the header and their one record
    await page.getByRole('table', { name: 'Registrations' }).getByText('Completed').waitFor();
    await checkPage(visited, 'education-owner');
  });
});
