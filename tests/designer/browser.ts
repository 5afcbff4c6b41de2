import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, 'screenshots');

/** Builds the designer when its build is missing or older than its sources (as npm start does). */
export function buildDesigner(): void {
  execFileSync(process.execPath, [path.join(here, '../../designer/build.mjs'), '--if-stale'], { stdio: 'inherit' });
}

/** Saves tests/designer/screenshots/<name>.png (the folder is git-ignored). */
export async function snap(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
