import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { PageProblems, screenshotBothSchemes, seriousAxeViolations } from './browser';

/** A page of the console with its problem watcher. */
export interface ConsolePage {
  page: Page;
  problems: PageProblems;
}

export async function openPage(
  context: { newPage(): Promise<Page> },
  url: string,
): Promise<ConsolePage> {
  const page = await context.newPage();
  const problems = new PageProblems(page);
  await page.goto(url);
  return { page, problems };
}

/** Fills the sign-in form and submits it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * What every visited page must pass: no serious or critical accessibility violation, and no
 * console error or failed request so far; with a name, its screenshots (light and dark).
 */
export async function checkPage({ page, problems }: ConsolePage, name?: string): Promise<void> {
  // Colours are judged once transitions (a dialog fading in) have ended.
  await page.evaluate(`Promise.all(
    document
      .getAnimations()
      .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
      .map((a) => a.finished.catch(() => undefined)),
  )`);
  expect(await seriousAxeViolations(page), `accessibility of ${name ?? page.url()}`).toEqual([]);
  if (name) await screenshotBothSchemes(page, name);
  expect(problems.take(), `problems on ${name ?? page.url()}`).toEqual([]);
}

export interface ProductFields {
  code: string;
  name: string;
  category: string;
  status: string;
  glCode: string;
  generalPrice: string;
}

/** Seed 001's example product, with a code of the test's own. */
export function seedProduct(code: string): ProductFields {
  return {
    code,
    name: 'Advanced OT Workshop 2026',
    category: 'Workshop',
    status: 'Available',
    glCode: '4400 Continuing education',
    generalPrice: '199.99',
  };
}

export async function fillProduct(page: Page, product: ProductFields): Promise<void> {
  await page.getByLabel('Product code').fill(product.code);
  await page.getByLabel('Product name').fill(product.name);
  await page.getByRole('combobox', { name: 'Category' }).selectOption({ label: product.category });
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: product.status });
  await page.getByRole('combobox', { name: 'GL code' }).selectOption({ label: product.glCode });
  await page.getByLabel('General price').fill(product.generalPrice);
  await page.getByLabel('OT student price').fill('149.99');
  await page.getByLabel('Inventory').fill('50');
  await page.getByLabel('Taxes (%)').fill('13');
}

/** Picks options of an audience criterion by their labels. */
export async function pickCriterion(page: Page, criterion: string, labels: string[]) {
  await page.getByRole('combobox', { name: criterion }).click();
  for (const label of labels) await page.getByRole('option', { name: label, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** The stepper's progress bar value. */
export async function progressValue(page: Page): Promise<string | null> {
  return page.getByRole('progressbar', { name: 'Session progress' }).getAttribute('aria-valuenow');
}
