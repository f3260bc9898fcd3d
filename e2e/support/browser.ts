import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { repoRoot } from '@medicalink/testing';

export { launchChromium, type ConsoleBrowser } from '@medicalink/testing';

/** A response the test provokes on purpose (a refused sign-in, a taken code), by status and path. */
export interface ExpectedFailure {
  status: number;
  path: RegExp;
}

/**
 * Everything a page says went wrong: console errors, uncaught exceptions, requests that failed
 * or answered 4xx/5xx. Responses a test provokes on purpose are declared with `expect` (their
 * "Failed to load resource" console line is then expected too); anything else fails the test.
 */
export class PageProblems {
  private readonly problems: string[] = [];
  private readonly expected: ExpectedFailure[] = [];
  private readonly seenStatuses: number[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const status = /status of (\d{3})/.exec(text)?.[1];
      // Chromium logs every 4xx/5xx; those the test expects are checked by status in `response`.
      if (status && this.seenStatuses.includes(Number(status))) return;
      this.problems.push(`console error: ${text}`);
    });
    page.on('pageerror', (error) => this.problems.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? 'failed';
      // Leaving a page aborts what it still loads (a poll, a prefetch): not a failure.
      if (reason === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
    });
    page.on('response', (response) => this.onResponse(response));
  }

  expect(failure: ExpectedFailure): void {
    this.expected.push(failure);
  }

  private onResponse(response: Response): void {
    if (response.status() < 400) return;
    const path = new URL(response.url()).pathname;
    if (this.expected.some((e) => e.status === response.status() && e.path.test(path))) {
      this.seenStatuses.push(response.status());
      return;
    }
    this.problems.push(`HTTP ${response.status()}: ${response.request().method()} ${path}`);
  }

  /** Every unexpected problem so far, emptied by the call. */
  take(): string[] {
    return this.problems.splice(0);
  }
}

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is and returns its serious and
 * critical violations. axe is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not apply to, so the page is tested with its real policy.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result) => result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')),
      })))
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Where screenshots go: test artifacts by default; `docs/screenshots` to refresh the committed ones. */
export function screenshotDir(): string {
  const dir = join(repoRoot(), process.env['CONSOLE_SCREENSHOTS_DIR'] ?? 'tmp/console-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A full-page screenshot of the page in the light scheme, and one in the dark scheme. */
export async function screenshotBothSchemes(page: Page, name: string): Promise<void> {
  const dir = screenshotDir();
  // A full-page shot of a scrolled page would draw the fixed top bar half-way down.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true, animations: 'disabled' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({
    path: join(dir, `${name}-dark.png`),
    fullPage: true,
    animations: 'disabled',
  });
  await page.emulateMedia({ colorScheme: 'light' });
}
