// node engine/bin/run-ts.mjs bench/ui-list.ts: the end-user app's list of 50 rows × 10 columns in Chromium
// (issue 5: "under 300 ms after the data arrives"), against a hand-written plain HTML table of the same rows
// from the same engine request, in the same run. Each page is loaded BENCH_UI_LOADS times (default 10)
// after one warm-up load; printed: median and p90 of
//   - render: from the mark `tessera:list-data` (the page of records arrived and parsed) to the moment the
//     browser presented the first frame showing all rows (Element Timing on the last row's cells), taken by
//     a watcher the bench injects (bench/ui-list-pages.ts), so no change of the app can move its end;
//   - the app's own measure `tessera:list-render` (runtime-ui/src/list/list-timing.ts: the same span);
//   - since navigation: from navigation start to that frame (chunks, metadata and data included).
// The app is a production build of runtime-ui made by the bench into a temporary folder (see
// productionBuild), its files answered from there for the engine's /app; the API is the engine's.
// BENCH_UI_DIST=<dir> serves another build instead (e.g. unminified, for a profile).
// BENCH_UI_TRACE=<file> also writes a Chrome trace of one more app load (open it in DevTools' Performance
// panel, or summarise it with bench/ui-list-trace.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { launchChromium } from '../tests/ui/browser.ts';
import { machine, openBenchWorld, root, writeResult } from './support.ts';
import { OBJECT, PLAIN_PAGE, ROWS, WATCHER, recordValues } from './ui-list-pages.ts';

const PORT = 3941;
const LOADS = Number(process.env.BENCH_UI_LOADS ?? 10);

interface Load {
  renderMs: number;
  ownMeasureMs: number;
  sinceNavigationMs: number;
}

async function loadOnce(page: Page, url: string): Promise<Load> {
  await page.goto(url);
  // Polled every 100 ms from a timer: Playwright's locator waits would run their DOM queries in the
  // page at every animation frame, inside the time being measured.
  await page.waitForFunction(`performance.getEntriesByName('bench:rows-painted').length > 0 && performance.getEntriesByName('tessera:list-render').length > 0`, undefined, { timeout: 60_000, polling: 100 });
  const shown = await page.locator('tr[data-row-key]').count();
  if (shown !== ROWS) throw new Error(`${url}: ${shown} rows shown, ${ROWS} expected`);
  if ((await page.getByRole('link', { name: `Metric ${String(ROWS - 1).padStart(2, '0')}`, exact: true }).count()) !== 1) throw new Error(`${url}: the last row is not shown`);
  // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
  return page.evaluate<Load>(`(() => {
    const data = performance.getEntriesByName('tessera:list-data')[0].startTime;
    const painted = performance.getEntriesByName('bench:rows-painted')[0].startTime;
    return { renderMs: painted - data, ownMeasureMs: performance.getEntriesByName('tessera:list-render')[0].duration, sinceNavigationMs: painted };
  })()`);
}

/**
 * The app as production builds it, into a folder of the bench's own. Not runtime-ui/dist: a build started
 * by the tests runs under vitest's NODE_ENV=test, which makes Vite bundle React's development build (about
 * twice as slow to render), and another engineer's test run may rebuild that folder during the bench.
 */
async function productionBuild(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-ui-bench-'));
  process.env.NODE_ENV = 'production'; // Vite follows NODE_ENV over its mode for React's build
  const vite = await import('vite');
  await vite.build({ configFile: path.join(root, 'runtime-ui/vite.config.ts'), build: { outDir: dir, emptyOutDir: true }, logLevel: 'warn' });
  return dir;
}

/** The app's files from `dist` (the bench's build, or BENCH_UI_DIST, e.g. unminified for a readable profile). */
async function serveFrom(dist: string, pathname: string, route: Route): Promise<void> {
  const asset = pathname.startsWith('/app/assets/') ? path.join(dist, pathname.slice('/app/'.length)) : undefined;
  if (asset && !fs.existsSync(asset)) return route.fulfill({ status: 404 });
  const type = asset?.endsWith('.css') ? 'text/css' : asset ? 'text/javascript' : 'text/html; charset=utf-8';
  return route.fulfill({ contentType: type, body: fs.readFileSync(asset ?? path.join(dist, 'index.html')), headers: asset ? { 'cache-control': 'public, max-age=31536000, immutable' } : {} });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
};
const summary = (loads: Load[], key: keyof Load) => ({ median: percentile(loads.map((l) => l[key]), 50), p90: percentile(loads.map((l) => l[key]), 90) });

async function main(): Promise<void> {
  const ownBuild = !process.env.BENCH_UI_DIST;
  const dist = process.env.BENCH_UI_DIST ?? (await productionBuild());
  const world = await openBenchWorld('ui-list');
  const browser = await launchChromium();
  try {
    await world.startServer('bench/servers/engine-server.ts', { PORT: String(PORT) });
    const base = `http://127.0.0.1:${PORT}`;
    const headers = { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/meta/objects`, { method: 'POST', headers, body: JSON.stringify(OBJECT) });
    if (created.status !== 201) throw new Error(`creating the object failed: ${await created.text()}`);
    for (let r = 0; r < ROWS; r++) {
      const res = await fetch(`${base}/api/records/metric`, { method: 'POST', headers, body: JSON.stringify(recordValues(r)) });
      if (res.status !== 201) throw new Error(`creating a record failed: ${await res.text()}`);
    }

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const login = await context.request.post(`${base}/api/auth/login`, { data: { email: 'bench@example.com', password: 'bench-password-1', tenant: world.tenant.slug } });
    if (login.status() !== 200) throw new Error(`login failed: ${login.status()}`);
    await context.addInitScript(WATCHER);
    await context.route(`${base}/app/**`, (route) => serveFrom(dist, new URL(route.request().url()).pathname, route));
    await context.route(`${base}/bench/plain-list`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PLAIN_PAGE }));
    const page = await context.newPage();
    const appUrl = `${base}/app/o/metric?view=wide&limit=${ROWS}`;
    const plainUrl = `${base}/bench/plain-list`;
    const loadBefore = os.loadavg();

    // One warm-up load each (the HTTP cache then holds the app's hashed chunks, as for a returning user).
    const cold = await loadOnce(page, appUrl);
    await loadOnce(page, plainUrl);
    const app: Load[] = [];
    const plain: Load[] = [];
    // Interleaved, so a burst of load on the shared machine hits both sides alike.
    for (let i = 0; i < LOADS; i++) {
      app.push(await loadOnce(page, appUrl));
      plain.push(await loadOnce(page, plainUrl));
    }
    const loadAfter = os.loadavg();

    if (process.env.BENCH_UI_TRACE) {
      await browser.startTracing(page, {
        path: process.env.BENCH_UI_TRACE,
        categories: ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler'],
      });
      await loadOnce(page, appUrl);
      await browser.stopTracing();
      console.log(`trace written to ${process.env.BENCH_UI_TRACE}`);
    }
    await context.close();

    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadAfter.map((l) => Number(l.toFixed(2))) },
      loads: LOADS,
      rows: ROWS,
      columns: OBJECT.list_views[0]?.columns.length,
      coldAppLoad: { renderMs: Math.round(cold.renderMs), sinceNavigationMs: Math.round(cold.sinceNavigationMs) },
      app: { render: summary(app, 'renderMs'), ownMeasure: summary(app, 'ownMeasureMs'), sinceNavigation: summary(app, 'sinceNavigationMs') },
      plain: { render: summary(plain, 'renderMs'), sinceNavigation: summary(plain, 'sinceNavigationMs') },
      raw: { app: app.map((l) => Math.round(l.renderMs)), plain: plain.map((l) => Math.round(l.renderMs)) },
    };
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : '—');
    console.log(`\nlist ${ROWS} rows × ${result.columns} columns, ${LOADS} loads each (${result.machine}; load average ${loadBefore[0]?.toFixed(2)} → ${loadAfter[0]?.toFixed(2)})`);
    console.table({
      'app: data → painted rows (ms)': { ...result.app.render, 'vs plain': ratio(result.app.render.median, result.plain.render.median) },
      'app: its own tessera:list-render (ms)': { ...result.app.ownMeasure, 'vs plain': '' },
      'plain HTML: data → painted rows (ms)': { ...result.plain.render, 'vs plain': '1.0' },
      'app: navigation → painted rows (ms)': { ...result.app.sinceNavigation, 'vs plain': ratio(result.app.sinceNavigation.median, result.plain.sinceNavigation.median) },
      'plain HTML: navigation → painted rows (ms)': { ...result.plain.sinceNavigation, 'vs plain': '1.0' },
    });
    console.log(`cold first app load: ${result.coldAppLoad.renderMs} ms after the data, ${result.coldAppLoad.sinceNavigationMs} ms after navigation; target: under 300 ms after the data`);
    writeResult('ui-list-', result);
  } finally {
    await browser.close();
    await world.close();
    if (ownBuild) fs.rmSync(dist, { recursive: true, force: true });
  }
}

await main();
