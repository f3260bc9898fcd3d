import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, publishRaw, repoRoot } from '@medicalink/testing';
import { checkPage, type ConsolePage } from './support/console-pages';
import { consoleHarness } from './support/console-harness';

/**
 * The console's part 2 against one real system: education registrations (seed 000), schedule
 * imports (seed 002), the saga explorer, dead letters and accounts.
 */
const harness = consoleHarness({
  // The first doctor saga fails at assignPermissions and its profile's compensation is refused
  // once: it ends compensation_failed, for the explorer's retry.
  FAULT_INJECTION: JSON.stringify([
    { pattern: 'accounts.permissions.assign', mode: 'error', times: 1 },
    { pattern: 'directory.doctor.delete', mode: 'error', times: 1 },
  ]),
});
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
    // A step taken elsewhere (here through the API) reaches the page through the live event
    // stream, well before the page would poll again (30 s while the stream is live).
    const sessionId = page.url().split('/').at(-1)!;
    await page.getByText('Live', { exact: true }).waitFor();
    const validated = await http().call('POST', `/education/registrations/${sessionId}/validate`, {
      token: await adminToken(),
    });
    expect(validated.status).toBe(200);
    await page.getByText('Score 100 / 100').waitFor({ timeout: 4_000 });
    await page.getByLabel('Account to link').fill(ot.id);
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await page.getByText('The registration is complete').waitFor();
    await checkPage(visited);

    // The list, from the server: filtered by business id and status, this one completed.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Education' })
      .click();
    await page.getByLabel('Business id').fill(ot.businessId);
    const list = page.getByRole('table', { name: 'Registrations' });
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    await page
      .getByRole('combobox', { name: 'Registration status' })
      .selectOption({ label: 'Completed' });
    await list.getByRole('link', { name: `Open registration ${sessionId.slice(0, 8)}` }).waitFor();
    expect(await list.textContent()).toContain('Completion');
    await page
      .getByRole('combobox', { name: 'Registration status' })
      .selectOption({ label: 'Failed' });
    await page.getByText('No registration matches these filters').waitFor();
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
    const registrations = page.getByRole('table', { name: 'Registrations' });
    await registrations.getByText('Completed').waitFor();
    expect(await registrations.getByRole('row').count()).toBe(2); // the header and their one
    await checkPage(visited, 'education-owner');
  });
});

describe('web console: schedule imports (seed 002)', () => {
  const fixture = (name: string) => join(repoRoot(), 'apps/provider-directory/test/fixtures', name);

  it('imports an .ods file phase by phase to its version and coverage chart; a broken file fails with its errors', async () => {
    const visited = await openSignedIn('/console/schedules');
    const { page } = visited;
    const hospital = `St. Example ${randomUUID().slice(0, 6)}`;
    await page.getByRole('button', { name: 'New hospital' }).click();
    const dialog = page.getByRole('dialog', { name: 'New hospital' });
    await dialog.getByLabel('Name').fill(hospital);
    await dialog.getByLabel('City').fill('Toronto');
    await dialog.getByRole('button', { name: 'Create hospital' }).click();
    await page.getByRole('list', { name: 'Hospitals' }).getByText(hospital).waitFor();

    const pickHospital = () =>
      page
        .getByRole('combobox', { name: 'Hospital', exact: true })
        .selectOption({ label: hospital });
    await pickHospital();
    await page.getByLabel('Schedule file').setInputFiles(fixture('schedule-sample.ods'));
    await page.getByText('schedule-sample.ods').waitFor();
    await checkPage(visited, 'schedules');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/\/console\/schedules\/imports\/[0-9a-f-]{36}$/);

    const phases = page.getByRole('list', { name: 'Phases' });
    for (const phase of ['Spreadsheet', 'Roster', 'Coverage']) {
      await phases.getByRole('listitem', { name: phase }).waitFor();
    }
    await expect
      .poll(() => phases.getByRole('listitem', { name: 'Spreadsheet' }).textContent(), {
        timeout: 30_000,
      })
      .toMatch(/Succeeded/);
    const main = page.getByRole('main');
    await expect
      .poll(() => main.textContent(), { timeout: 60_000 })
      .toMatch(/Open the schedule|The import failed/);
    expect(await main.textContent()).toContain('Open the schedule');
    // the version exists once the spreadsheet is read; its coverage is the last phase
    await expect
      .poll(() => phases.getByRole('listitem', { name: 'Coverage' }).textContent(), {
        timeout: 30_000,
      })
      .toMatch(/Succeeded/);
    await checkPage(visited, 'schedule-import');

    await page.getByRole('link', { name: 'Open the schedule' }).click();
    await page.waitForURL(/\/console\/schedules\/versions\/[0-9a-f-]{36}$/);
    await page.getByRole('img', { name: /^Required and assigned staff per unit/ }).waitFor();
    await page.getByRole('img', { name: /^Required and assigned staff per day/ }).waitFor();
    expect(
      await page.getByRole('table', { name: 'Shifts' }).getByRole('row').count(),
    ).toBeGreaterThan(1);
    await checkPage(visited, 'schedule-version');

    // A file without the columns the import needs: the critical spreadsheet phase fails.
    await page.getByRole('link', { name: 'Schedules' }).first().click();
    await pickHospital();
    await page.getByLabel('Schedule file').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('date,start,unit\n2026-01-05,07:00,ICU\nnot a date,07:00,ER\n'),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/\/console\/schedules\/imports\/[0-9a-f-]{36}$/);
    await page.getByText('The import failed').waitFor({ timeout: 30_000 });
    expect(await phases.getByRole('listitem', { name: 'Spreadsheet' }).textContent()).toMatch(
      /Failed/,
    );
    const messages = page.getByRole('table', { name: 'Validation messages' });
    await expect.poll(() => messages.getByRole('row').count()).toBeGreaterThan(1);
    await checkPage(visited, 'schedule-import-failed');
  });
});

describe('web console: operations', () => {
  it('retries a failed compensation from the saga explorer until the saga is compensated', async () => {
    const tag = randomUUID().slice(0, 8);
    const failed = await http().call<{ details: { saga: { sagaId: string; state: string } } }>(
      'POST',
      '/doctors',
      {
        token: await adminToken(),
        body: {
          email: `saga-${tag}@medicalink.local`,
          password: `Pw-${randomUUID()}`,
          fullName: `Dr. Saga ${tag}`,
          specialty: 'Oncology',
          licenseNumber: `SAGA-${tag}`,
        },
      },
    );
    expect(failed.body.details.saga.state).toBe('compensation_failed');
    const { sagaId } = failed.body.details.saga;

    const visited = await openSignedIn('/console/operations/sagas');
    const { page } = visited;
    await page
      .getByRole('combobox', { name: 'State' })
      .selectOption({ label: 'compensation failed' });
    await page.getByRole('link', { name: sagaId.slice(0, 8) }).waitFor();
    await checkPage(visited, 'sagas');
    await page.getByRole('link', { name: sagaId.slice(0, 8) }).click();
    await page.getByRole('list', { name: 'Step journal' }).waitFor();
    await checkPage(visited, 'saga');

    await page.getByRole('button', { name: 'Retry compensation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry the compensation?' });
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Compensation resumed').waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Retry compensation' }).count(), {
        timeout: 30_000,
      })
      .toBe(0);
    // The button goes as soon as the saga is compensating again; the compensation then finishes.
    const token = await adminToken();
    const sagaState = async () =>
      (await http().call<{ state: string }>('GET', `/sagas/${sagaId}`, { token })).body.state;
    await expect.poll(sagaState, { timeout: 30_000 }).toBe('compensated');
    await page.getByText('compensated', { exact: true }).first().waitFor();
    await checkPage(visited, 'saga-compensated');
  });

  it('replays a poison message from the dead-letters page and shows it back with who replayed it', async () => {
    const messageId = `console-poison-${randomUUID().slice(0, 8)}`;
    await publishRaw(
      harness.system.namespace.infrastructure.rabbitmqUrl,
      {
        exchange: `${harness.system.namespace.prefix}.events`,
        routingKey: 'doctor.profile.deleted',
      },
      JSON.stringify({ doctorId: 'not-a-uuid' }),
      { messageId, type: 'doctor.profile.deleted', persistent: true },
    );
    await eventually(async () => {
      const listed = await http().call<{ data: { id: string }[] }>(
        'GET',
        '/admin/dead-letters/orchestrator',
        { token: await adminToken() },
      );
      expect(listed.body.data.map((letter) => letter.id)).toContain(messageId);
    });

    const visited = await openSignedIn('/console/operations/dead-letters?service=orchestrator');
    const { page } = visited;
    const letter = page.getByRole('listitem', { name: messageId });
    await letter.waitFor();
    expect(await letter.textContent()).toContain('doctor.profile.deleted');
    await checkPage(visited, 'dead-letters');

    await letter.getByRole('button', { name: 'Replay' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay this message?' });
    await dialog.getByRole('button', { name: 'Replay message' }).click();
    await page.getByText('1 message sent back to the orchestrator queue').waitFor();
    // Still broken: it comes back, naming who replayed it.
    await letter.getByText('Replayed by').waitFor({ timeout: 30_000 });
    await checkPage(visited, 'dead-letters-replayed');

    // The health board links each service to its recent errors: here the dead-lettering.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Overview' })
      .click();
    const card = page.getByRole('region', { name: 'Orchestrator' });
    const errorsLink = card.getByRole('link', { name: /^\d+ recent errors?$/ });
    await errorsLink.waitFor();
    await checkPage(visited, 'overview');
    await errorsLink.click();
    await page.waitForURL(/dead-letters\?service=orchestrator#recent-errors$/);
    const recent = page.getByRole('list', { name: 'Recent errors' });
    await recent
      .getByText(/message dead-lettered/)
      .first()
      .waitFor();
    expect(await recent.textContent()).toContain('doctor.profile.deleted');
  });
});

describe('web console: accounts', () => {
  it('creates an account, and shows the refusal when an admin edits a main account', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = { email: `admin-${tag}@medicalink.local`, password: `Admin-password-${tag}` };
    const created = await http().call('POST', '/accounts', {
      token: await adminToken(),
      body: { ...admin, fullName: `Ada Admin ${tag}`, privilege: 'admin' },
    });
    expect(created.status).toBe(201);
    const main = await http().call<{ id: string; email: string }>('GET', '/auth/me', {
      token: await adminToken(),
    });

    const visited = await openSignedIn('/console/accounts', admin);
    const { page, problems } = visited;
    await page.getByRole('button', { name: 'New account' }).click();
    const dialog = page.getByRole('dialog', { name: 'New account' });
    await dialog.getByLabel('Full name').fill(`Owen Owner ${tag}`);
    await dialog.getByLabel('Email').fill(`owen-${tag}@medicalink.local`);
    await dialog.getByLabel('Initial password').fill(`Owner-password-${tag}`);
    await dialog.getByLabel('Business id').fill(`OT-OWEN-${tag}`.toUpperCase());
    expect(
      await dialog.getByRole('combobox', { name: 'Privilege' }).locator('option').allTextContents(),
    ).not.toContain('Main (staff, every account)');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: `Owen Owner ${tag}` }).waitFor();
    const accounts = page.getByRole('table', { name: 'Accounts' });
    await accounts.getByRole('link', { name: `Owen Owner ${tag}` }).waitFor();

    // The privilege, by the API's rank rule: an admin gives at most admin.
    const privilege = page.getByRole('combobox', { name: 'Privilege', exact: true });
    expect(await privilege.locator('option').allTextContents()).toEqual([
      'Owner (a member: their own data)',
      'Admin (staff)',
    ]);
    await privilege.selectOption({ label: 'Admin (staff)' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. Their current sign-ins have ended.').waitFor();
    await page.getByRole('combobox', { name: 'Filter by privilege' }).selectOption('admin');
    await page.getByLabel('Search accounts').fill(tag);
    await expect
      .poll(() => accounts.getByRole('link').allTextContents())
      .toEqual([`Owen Owner ${tag}`, `Ada Admin ${tag}`]);
    await checkPage(visited, 'accounts');

    problems.expect({ status: 403, path: /^\/accounts\/[0-9a-f-]{36}$/ });
    await page.getByRole('combobox', { name: 'Filter by privilege' }).selectOption('main');
    await page.getByLabel('Search accounts').fill(main.body.email);
    await accounts.getByRole('link', { name: 'MedicaLink Administrator' }).click();
    await page.getByRole('heading', { name: 'MedicaLink Administrator' }).waitFor();
    await page.getByLabel('Full name').fill('Not the main account any more');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The change was refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/may not change a main account/);
    await checkPage(visited, 'accounts-refused');
  });
});
