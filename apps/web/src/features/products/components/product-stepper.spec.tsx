import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  fakeGateway,
  gatewayError,
  json,
  OPTIONS,
  type FakeRequest,
} from '../../../testing/fake-gateway';
import { renderWithProviders } from '../../../testing/render';
import { ProductStepper } from './product-stepper';

const BASE = '/private/products/orchestrate/session';
const NOW = new Date().toISOString();
const IN_TWO_HOURS = new Date(Date.now() + 7_200_000).toISOString();

const view = (state: string, product: unknown = null, audienceTarget: unknown = null) => ({
  sessionId: 's-1',
  state,
  product,
  audienceTarget,
  version: 2,
  updatedAt: NOW,
  expiresAt: IN_TWO_HOURS,
});

const STAGED = {
  productCode: 'OSOT-WORKSHOP-2026',
  productName: 'Advanced OT Workshop 2026',
  productDescription: null,
  productCategory: 3,
  productStatus: 1,
  productGlCode: 16,
  generalPrice: 199.99,
  otStuPrice: null,
  inventory: null,
  taxes: 0,
  shipping: 0,
  productYear: '2026',
  activeMembershipOnly: false,
  postPurchaseInfo: null,
};

/** A gateway holding one session; `product` and `commit` may be overridden per test. */
function sessionGateway(
  overrides: Record<string, (r: FakeRequest) => Response | Promise<Response>> = {},
) {
  let percentage = 25;
  return fakeGateway({
    'GET /private/products/options': () => json(200, OPTIONS),
    'GET /private/products': () =>
      json(200, {
        data: [],
        meta: { page: 1, limit: 100, total: 0, totalPages: 0, hasNext: false, hasPrev: false },
      }),
    [`POST ${BASE}/create`]: () =>
      json(201, {
        sessionId: 's-1',
        state: 'initiated',
        userId: 'u',
        organizationGuid: null,
        createdAt: NOW,
        expiresAt: IN_TWO_HOURS,
      }),
    [`GET ${BASE}/s-1/progress`]: () =>
      json(200, {
        sessionId: 's-1',
        state: 'initiated',
        percentage,
        canCommit: percentage >= 50,
        hasProduct: percentage >= 50,
        hasTarget: percentage >= 75,
        createdAt: NOW,
        updatedAt: NOW,
        expiresAt: IN_TWO_HOURS,
        secondsRemaining: 7_190,
        version: 1,
        productGuid: null,
        lastError: null,
      }),
    [`POST ${BASE}/s-1/product`]: (request) => {
      if (overrides['product']) return overrides['product'](request);
      percentage = 50;
      return json(200, view('product-added', STAGED));
    },
    [`POST ${BASE}/s-1/audience-target`]: (request) => {
      if (percentage < 50)
        return gatewayError(400, 'Save the product before you configure the audience target', {
          details: { code: 'PRODUCT_REQUIRED' },
        });
      percentage = 75;
      return json(200, view('target-configured', STAGED, request.body));
    },
    [`POST ${BASE}/s-1/commit`]: (request) =>
      overrides['commit']?.(request) ??
      json(200, {
        success: true,
        productGuid: 'p-1',
        targetGuid: 't-1',
        productCode: STAGED.productCode,
        operationId: 'op',
      }),
  });
}

type User = ReturnType<typeof userEvent.setup>;

/** Types by pasting: what is typed matters here, not each keystroke (and it is much faster). */
async function fill(user: User, name: RegExp, text: string) {
  await user.click(screen.getByRole('textbox', { name }));
  await user.paste(text);
}

async function fillRequired(user: User, code = 'osot-workshop-2026') {
  await fill(user, /Product code/, code);
  await fill(user, /Product name/, 'Advanced OT Workshop 2026');
  await screen.findByRole('option', { name: 'Workshop' });
  await user.selectOptions(screen.getByRole('combobox', { name: /Category/ }), 'Workshop');
  await user.selectOptions(screen.getByRole('combobox', { name: /Status/ }), 'Available');
  await user.selectOptions(
    screen.getByRole('combobox', { name: /GL code/ }),
    '4400 Continuing education',
  );
  await fill(user, /General price/, '199.99');
}

/**
 * Clicks a button once it is enabled: the panels learn that a step finished a render after
 * the step shows (a person could not click that fast; a test can).
 */
async function clickWhenEnabled(user: User, name: string) {
  const button = await screen.findByRole<HTMLButtonElement>('button', { name });
  await waitFor(() => expect(button.disabled).toBe(false));
  await user.click(button);
}

const progressValue = () =>
  screen.getByRole('progressbar', { name: 'Session progress' }).getAttribute('aria-valuenow');

describe('ProductStepper', () => {
  it('opens a session, saves the product, shows the next step at once and the progress after', async () => {
    const user = userEvent.setup({ delay: null });
    const gateway = sessionGateway();
    renderWithProviders(<ProductStepper onCommitted={vi.fn()} />, { fetch: gateway.fetch });

    expect((await screen.findByRole('timer')).textContent).toMatch(/Session expires in 1 h 59 min/);
    await waitFor(() => expect(progressValue()).toBe('25'));
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Save product' }));

    expect(await screen.findByRole('heading', { name: 'Audience target' })).toBeDefined();
    // usable in the render that shows it, not a render later
    expect(screen.getByRole('button', { name: 'Save target' }).hasAttribute('disabled')).toBe(
      false,
    );
    await waitFor(() => expect(progressValue()).toBe('50'));
    const saved = gateway.requests.find((r) => r.path === `${BASE}/s-1/product`);
    expect(saved?.body).toMatchObject({
      productCode: 'osot-workshop-2026',
      productCategory: 3,
      productStatus: 1,
      productGlCode: 16,
      generalPrice: '199.99',
      productYear: String(new Date().getFullYear()),
      inventory: null,
    });
  });

  it('shows a slow save as busy, and sends one request however often "Save product" is pressed', async () => {
    const user = userEvent.setup({ delay: null });
    let release: () => void = () => undefined;
    const replied = new Promise<void>((resolve) => (release = resolve));
    const gateway = sessionGateway({
      product: async () => {
        await replied;
        return json(200, view('product-added', STAGED));
      },
    });
    renderWithProviders(<ProductStepper onCommitted={vi.fn()} />, { fetch: gateway.fetch });
    await screen.findByRole('timer');
    await fillRequired(user);
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Save product' });
    await user.click(save);
    // Pressed again before the busy state shows: ignored, not a second save.
    await user.click(save);
    await waitFor(() => expect(save.disabled).toBe(true));
    release();

    expect(await screen.findByRole('heading', { name: 'Audience target' })).toBeDefined();
    expect(gateway.requests.filter((r) => r.path === `${BASE}/s-1/product`)).toHaveLength(1);
  });

  it('puts each field the gateway refused in place: aria-invalid, the message attached', async () => {
    const user = userEvent.setup({ delay: null });
    const gateway = sessionGateway({
      product: () =>
        gatewayError(400, 'Product validation failed', {
          errors: [
            'productCode: must be 3 to 40 characters of A-Z, 0-9 and -',
            'generalPrice: must be a number from 0 to 999999.99 with at most 2 decimals',
          ],
        }),
    });
    renderWithProviders(<ProductStepper onCommitted={vi.fn()} />, { fetch: gateway.fetch });
    await screen.findByRole('timer');
    await fillRequired(user, 'x');
    await user.click(screen.getByRole('button', { name: 'Save product' }));

    const code = screen.getByRole('textbox', { name: /Product code/ });
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    const description = document.getElementById(
      code.getAttribute('aria-describedby')!.split(' ')[0]!,
    );
    expect(description?.textContent).toBe('must be 3 to 40 characters of A-Z, 0-9 and -');
    expect(
      screen.getByRole('textbox', { name: /General price/ }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(screen.getByRole('textbox', { name: /Product name/ }).getAttribute('aria-invalid')).toBe(
      'false',
    );
    expect(screen.getByRole('heading', { name: 'Product details' })).toBeDefined();

    // Typing in a refused field clears its message; the others keep theirs.
    await user.type(code, 'ABC');
    expect(code.getAttribute('aria-invalid')).toBe('false');
    expect(
      screen.getByRole('textbox', { name: /General price/ }).getAttribute('aria-invalid'),
    ).toBe('true');
  });

  it('shows a taken code on the field and offers a free one', async () => {
    const user = userEvent.setup({ delay: null });
    const gateway = sessionGateway({
      product: () =>
        gatewayError(409, 'Product code OSOT-WORKSHOP-2026 already exists', {
          details: {
            field: 'productCode',
            productCode: 'OSOT-WORKSHOP-2026',
            code: 'PRODUCT_CODE_TAKEN',
          },
        }),
    });
    renderWithProviders(<ProductStepper onCommitted={vi.fn()} />, { fetch: gateway.fetch });
    await screen.findByRole('timer');
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Save product' }));

    const code = screen.getByRole('textbox', { name: /Product code/ });
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(code.getAttribute('aria-describedby')!)?.textContent).toContain(
      'already',
    );
    await user.click(await screen.findByRole('button', { name: 'Use OSOT-WORKSHOP-2026-2' }));
    expect((code as HTMLInputElement).value).toBe('OSOT-WORKSHOP-2026-2');
  });

  it('lets the target step open first, shows the server refusing a target before a product, and drops that once the product is saved', async () => {
    const user = userEvent.setup({ delay: null });
    const gateway = sessionGateway();
    renderWithProviders(<ProductStepper onCommitted={vi.fn()} />, { fetch: gateway.fetch });
    await screen.findByRole('timer');
    await user.click(screen.getByRole('tab', { name: 'Audience target' }));

    expect(screen.getByText(/accepts it only once the product is\s+saved/)).toBeDefined();
    const preview = screen.getByRole('list', { name: 'Target preview' });
    expect(
      within(preview)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Open to all']);
    await user.click(screen.getByRole('button', { name: 'Save target' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Save the product before you configure the audience target',
    );

    // Once the product is saved, that refusal no longer holds: the target step drops it.
    await user.click(screen.getByRole('tab', { name: 'Product details' }));
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await screen.findByRole('heading', { name: 'Audience target' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('goes through target, review and the confirmation to the committed product', async () => {
    const user = userEvent.setup({ delay: null });
    const onCommitted = vi.fn();
    const gateway = sessionGateway();
    renderWithProviders(<ProductStepper onCommitted={onCommitted} />, { fetch: gateway.fetch });
    await screen.findByRole('timer');
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await screen.findByRole('heading', { name: 'Audience target' });

    await user.click(screen.getByRole('combobox', { name: 'Provinces' }));
    await user.click(await screen.findByRole('option', { name: 'Ontario' }));
    await user.click(await screen.findByRole('option', { name: 'Quebec' }));
    await user.keyboard('{Escape}');
    const preview = screen.getByRole('list', { name: 'Target preview' });
    expect(
      within(preview)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['2 Provinces']);
    await clickWhenEnabled(user, 'Save target');

    await screen.findByRole('heading', { name: 'Review and commit' });
    const target = gateway.requests.find((r) => r.path.endsWith('/audience-target'));
    expect(target?.body).toMatchObject({
      osot_location_province: [1, 2],
      osot_practice_area: null,
    });
    expect(await screen.findByText('Ontario, Quebec')).toBeDefined();

    await clickWhenEnabled(user, 'Commit');
    const dialog = await screen.findByRole('dialog', { name: 'Confirm product creation' });
    expect(dialog.textContent).toContain('Advanced OT Workshop 2026');
    expect(within(dialog).getByRole('listitem').textContent).toBe('2 Provinces');
    await user.click(within(dialog).getByRole('button', { name: 'Create product' }));
    await waitFor(() => expect(onCommitted).toHaveBeenCalledWith('p-1'));
  });

  it('shows a failed commit with a retry, the session still committable', async () => {
    const user = userEvent.setup({ delay: null });
    const onCommitted = vi.fn();
    let attempts = 0;
    const gateway = sessionGateway({
      commit: () =>
        ++attempts === 1
          ? json(503, {
              statusCode: 503,
              message: 'Failed to commit session after 3 attempts',
              success: false,
              errors: ['Failed to commit session after 3 attempts', 'product service unavailable'],
              operationId: 'op',
            })
          : json(200, {
              success: true,
              productGuid: 'p-9',
              targetGuid: 't',
              productCode: 'X',
              operationId: 'op',
            }),
    });
    renderWithProviders(<ProductStepper onCommitted={onCommitted} />, { fetch: gateway.fetch });
    await screen.findByRole('timer');
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await screen.findByRole('heading', { name: 'Audience target' });
    await clickWhenEnabled(user, 'Skip target');
    await clickWhenEnabled(user, 'Commit');
    await user.click(await screen.findByRole('button', { name: 'Create product' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The commit failed.*product service unavailable/);
    await user.click(within(alert).getByRole('button', { name: 'Retry commit' }));
    await waitFor(() => expect(onCommitted).toHaveBeenCalledWith('p-9'));
  });
});
