/**
 * npm run bench:web: the web console in Chromium against a system of its own.
 *
 * 1. Initial JavaScript: every script the browser loads to show the sign-in page, gzipped
 *    (level 9), in KB.
 * 2. "Save product" until the next step shows, against the same request made with fetch from
 *    the same page: p50 of each over BENCH_WEB_RUNS runs (default 60, after 5 warm-ups),
 *    interleaved so both see the same machine; the ratio holds up better than either time on
 *    a busy machine. The ratio is printed only when every run succeeded.
 * 3. The floor of 2: the same request by fetch, then a static copy of the target step (the
 *    console's own elements and styles, cloned once, no React) shown and its heading focused,
 *    as the console does: what the browser alone costs to show that step after the reply.
 * 4. Each side's request on the wire (the browser's resource timing, request start to reply
 *    end): work the page does while its request is out competes with the server for the CPU.
 *
 * Last line: `web: initial js gz KB <a>, step/api p50 <b>` (targets: a <= 250, b <= 1.3).
 *
 * Env: BENCH_WEB_RUNS (60), BENCH_PROFILE=browser (the page's CPU profile of each counted "Save
 * product" run, written to BENCH_PROFILE_DIR, default <tmpdir>/web-bench-profiles).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium, repoRoot, type ConsoleBrowser } from '@medicalink/testing';
import { request, startGatewayTarget, type GatewayTarget } from './gateway-target';
import { finishBench } from './report';
import { commaList, cpuProfileDir } from './env';
import { BenchCleanup, runBench } from './run-bench';
import { percentile } from './stats';

const RUNS = Math.max(50, Number(process.env['BENCH_WEB_RUNS'] ?? 60));
const WARM_UP = 5;
const STEP_TIMEOUT_MS = 15_000;
const SESSION_BASE = '/private/products/orchestrate/session';

const cleanup = new BenchCleanup();

/** The product both sides save, field for field what the form sends. */
function productBody(code: string) {
  return {
    productCode: code,
    productName: 'Bench workshop',
    productDescription: null,
    productCategory: 3,
    productStatus: 1,
    productGlCode: 16,
    generalPrice: '199.99',
    otStuPrice: null,
    inventory: null,
    taxes: '13',
    shipping: '0',
    productYear: '2026',
    activeMembershipOnly: false,
    postPurchaseInfo: null,
  };
}

/** The JS files the sign-in page loads, gzipped, in KB. */
async function initialJsKb(
  page: Page,
  gatewayUrl: string,
): Promise<{ kb: number; files: string[] }> {
  const scripts = new Set<string>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
  });
  await page.goto(`${gatewayUrl}/console/login`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.waitForLoadState('networkidle');
  const dist = join(repoRoot(), 'apps', 'web', 'dist');
  let bytes = 0;
  for (const path of scripts) {
    bytes += gzipSync(readFileSync(join(dist, path.replace(/^\/console\//, ''))), {
      level: 9,
    }).length;
  }
  return { kb: bytes / 1024, files: [...scripts] };
}

/** Clicks "Save product" and resolves with the ms until the target step is in the page. */
const TIMED_SAVE = `new Promise((resolve, reject) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Save product');
  if (!button || button.disabled) return reject(new Error('no enabled Save product button'));
  const started = performance.now();
  // Every step is in the page; the next one is shown when its heading is visible.
  const heading = document.getElementById('step-target-heading');
  const shown = () => heading !== null && heading.offsetParent !== null;
  if (shown()) return reject(new Error('the target step is already shown'));
  // Only a change around the heading can show it: reading its visibility (which forces the
  // page's style to be computed) after every other change would add work to this side only.
  const observer = new MutationObserver((records) => {
    if (!records.some((record) => record.target.contains(heading))) return;
    if (!shown()) return;
    observer.disconnect();
    clearTimeout(timer);
    resolve(performance.now() - started);
  });
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('the next step did not show within ${STEP_TIMEOUT_MS} ms'));
  }, ${STEP_TIMEOUT_MS});
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  button.click();
})`;

/** The request both fetch sides send: what the console's "Save product" sends. */
function saveRequest(token: string, body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  };
}

/** The same request with fetch from the page: ms until its JSON is read, and its status. */
async function timedFetch(page: Page, url: string, token: string, body: unknown) {
  return page.evaluate(
    async ({ url, init }) => {
      const started = performance.now();
      const response = await fetch(url, init);
      await response.json();
      return { ms: performance.now() - started, status: response.status };
    },
    { url, init: saveRequest(token, body) },
  );
}

/** Once, after the warm-up: a hidden static copy of the target step beside the real one. */
const PREPARE_FLOOR = `(() => {
  const heading = document.getElementById('step-target-heading');
  const step = heading.closest('form').parentElement;
  heading.setAttribute('data-floor-heading', '');
  const copy = step.cloneNode(true);
  heading.removeAttribute('data-floor-heading');
  for (const element of [copy, ...copy.querySelectorAll('[id]')]) element.removeAttribute('id');
  copy.setAttribute('data-floor-step', '');
  copy.hidden = true;
  copy.inert = true;
  step.parentElement.appendChild(copy);
})()`;

/** The floor: the same request by fetch, then the static copy shown and its heading focused. */
function timedFloor(page: Page, url: string, token: string, body: unknown) {
  const request = JSON.stringify(saveRequest(token, body));
  return page.evaluate<{ ms: number; status: number; shown: boolean }>(`(async () => {
    const copy = document.querySelector('[data-floor-step]');
    const heading = copy.querySelector('[data-floor-heading]');
    const started = performance.now();
    const response = await fetch(${JSON.stringify(url)}, ${request});
    await response.json();
    copy.hidden = false;
    heading.focus();
    const shown = heading.checkVisibility({ visibilityProperty: true });
    const ms = performance.now() - started;
    copy.hidden = true;
    return { ms, status: response.status, shown };
  })()`);
}

/**
 * When BENCH_PROFILE lists `browser`: the page's CPU profile of each counted "Save product"
 * run, from the click until the step shows, written as web-save-<run>.cpuprofile.
 */
async function pageProfiler(page: Page) {
  if (!commaList('BENCH_PROFILE').includes('browser')) return null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const dir = cpuProfileDir('web-bench-profiles');
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`page profiles: ${dir}/web-save-<run>.cpuprofile\n`);
  return {
    start: () => cdp.send('Profiler.start'),
    stop: async (run: number) => {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(dir, `web-save-${run}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

const byValue = (a: number, b: number) => a - b;

/**
 * The saves' own time on the wire, from the browser's resource timing (start of the request
 * to the end of its reply), warm-up runs included: the console's, and the fetch sides', p50 in
 * ms. The console's overhead is what its side takes beyond that.
 */
async function wireTimes(page: Page, fetchUrl: string) {
  const entries = await page.evaluate<{ url: string; ms: number }[]>(`performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('/product'))
    .map((entry) => ({ url: entry.name, ms: entry.responseEnd - entry.startTime }))`);
  const p50 = (times: number[]) => percentile([...times].sort(byValue), 0.5);
  return {
    console: p50(entries.filter((entry) => entry.url !== fetchUrl).map((entry) => entry.ms)),
    fetch: p50(entries.filter((entry) => entry.url === fetchUrl).map((entry) => entry.ms)),
  };
}

async function openStepper(page: Page, system: GatewayTarget, code: string): Promise<void> {
  const admin = system.admin;
  if (!admin) throw new Error('the bench system has no admin sign-in');
  await page.goto(`${system.gatewayUrl}/console/products/new`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('timer').waitFor();
  await page.getByLabel('Product code').fill(code);
  await page.getByLabel('Product name').fill('Bench workshop');
  await page.getByRole('combobox', { name: 'Category' }).selectOption({ label: 'Workshop' });
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Available' });
  await page
    .getByRole('combobox', { name: 'GL code' })
    .selectOption({ label: '4400 Continuing education' });
  await page.getByLabel('General price').fill('199.99');
  await page.getByLabel('Taxes (%)').fill('13');
}

async function main(): Promise<void> {
  process.stderr.write(
    `web bench: ${RUNS} runs each side; load average ${loadavg()[0]?.toFixed(2)}\n`,
  );
  const system = await startGatewayTarget({ onStop: (stop) => cleanup.add(stop) });
  const browser: ConsoleBrowser = await launchChromium();
  cleanup.add(() => browser.close());
  const page = await browser.context.newPage();

  const initial = await initialJsKb(page, system.gatewayUrl);
  process.stderr.write(
    `initial js: ${initial.files.length} files, ${initial.kb.toFixed(1)} KB gzipped\n`,
  );

  const code = `BENCH-${Date.now().toString(36)}`.toUpperCase();
  await openStepper(page, system, code);
  await page.evaluate('performance.setResourceTimingBufferSize(100000)');
  // The fetch side: its own session of the same account, the same body.
  const session = await request(system.gatewayUrl, 'POST', `${SESSION_BASE}/create`, {
    token: system.token,
  });
  const sessionId = (session.body as { sessionId?: string }).sessionId;
  if (session.status !== 201 || !sessionId) throw new Error(`session create: ${session.status}`);
  const fetchUrl = `${system.gatewayUrl}${SESSION_BASE}/${sessionId}/product`;
  const body = productBody(`${code}-F`);

  const ui: number[] = [];
  const api: number[] = [];
  const floor: number[] = [];
  const failures: string[] = [];
  const orders = [
    ['ui', 'api', 'floor'],
    ['api', 'floor', 'ui'],
    ['floor', 'ui', 'api'],
  ] as const;
  const profiler = await pageProfiler(page);
  for (let run = 0; run < RUNS + WARM_UP; run += 1) {
    const counted = run >= WARM_UP;
    if (run === 1) await page.evaluate(PREPARE_FLOOR);
    for (const side of run === 0 ? (['ui', 'api'] as const) : orders[run % 3]!) {
      if (side === 'ui') {
        await page.getByRole('tab', { name: 'Product details' }).click();
        await page.getByRole('button', { name: 'Save product' }).waitFor();
        // Let the previous step's progress read finish: each side starts from a quiet page.
        await page.waitForTimeout(150);
        if (counted) await profiler?.start();
        try {
          const ms = await page.evaluate<number>(TIMED_SAVE);
          if (counted) ui.push(ms);
        } catch (error) {
          failures.push(`ui run ${run}: ${(error as Error).message}`);
        }
        if (counted) await profiler?.stop(run);
      } else if (side === 'api') {
        await page.waitForTimeout(150);
        const { ms, status } = await timedFetch(page, fetchUrl, system.token, body);
        if (status !== 200) failures.push(`api run ${run}: HTTP ${status}`);
        else if (counted) api.push(ms);
      } else {
        await page.waitForTimeout(150);
        const { ms, status, shown } = await timedFloor(page, fetchUrl, system.token, body);
        if (status !== 200) failures.push(`floor run ${run}: HTTP ${status}`);
        else if (!shown) failures.push(`floor run ${run}: the copied step did not show`);
        else if (counted) floor.push(ms);
      }
    }
  }

  const wire = await wireTimes(page, fetchUrl);
  for (const side of [ui, api, floor]) side.sort((a, b) => a - b);
  const uiP50 = percentile(ui, 0.5);
  const apiP50 = percentile(api, 0.5);
  const floorP50 = percentile(floor, 0.5);
  const row = (label: string, times: number[]) =>
    `${label.padEnd(34)} p50 ${percentile(times, 0.5).toFixed(2)} ms, p90 ${percentile(times, 0.9).toFixed(2)} ms (${times.length} runs)\n`;
  process.stderr.write(
    row('Save product -> next step shown:', ui) +
      row('same request by fetch:', api) +
      row('fetch + static step shown (floor):', floor) +
      `request on the wire (resource timing, p50): the console's ${wire.console.toFixed(2)} ms, fetch's ${wire.fetch.toFixed(2)} ms\n` +
      `load average ${loadavg()[0]?.toFixed(2)}\n`,
  );
  await cleanup.run();
  finishBench('web', {
    lines: [],
    ratios: [
      `web floor: floor/api p50 ${(floorP50 / apiP50).toFixed(2)}, step/floor p50 ${(uiP50 / floorP50).toFixed(2)}`,
      `web: initial js gz KB ${initial.kb.toFixed(1)}, step/api p50 ${(uiP50 / apiP50).toFixed(2)}`,
    ],
    problems: failures,
  });
}

runBench('web', main, { cleanup: () => cleanup.run() });
