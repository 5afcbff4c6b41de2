import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestEngine } from '../support/engine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, 'screenshots');

/** Builds runtime-ui when its build is missing or older than its sources (as npm start does). */
export function buildRuntimeUi(): void {
  execFileSync(process.execPath, [path.join(here, '../../runtime-ui/build.mjs'), '--if-stale'], { stdio: 'inherit' });
}

/** Debian's Chromium (installed by .ci/run), headless, quiet: no network of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves tests/ui/screenshots/<name>.png (the folder is git-ignored). */
export async function snap(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * A fresh browser context signed in as the test tenant's admin (no stored language: the browser's `locale`
 * decides), with its first page.
 */
export async function adminContext(
  browser: Browser,
  t: TestEngine,
  base: string,
  options: { locale?: string; height?: number; acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: options.height ?? 900 }, locale: options.locale ?? 'en-US', ...(options.acceptDownloads ? { acceptDownloads: true } : {}) });
  const login = await context.request.post(`${base}/api/auth/login`, { data: { email: t.adminEmail, password: t.adminPassword, tenant: t.tenant.slug } });
  expect(login.status()).toBe(200);
  return { context, page: await context.newPage() };
}
