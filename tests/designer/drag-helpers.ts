import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { choose } from '../support/antd.ts';

/**
 * Pointer moves as a person makes them, for @dnd-kit: press on the handle, move past the activation
 * distance, glide to the target, release. On a busy machine a drop can miss; `took` says whether it
 * happened, and the drag is made again (three tries) if not.
 */
export async function drag(page: Page, from: () => Locator, to: () => Locator, took: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await from().scrollIntoViewIfNeeded();
    const a = await from().boundingBox();
    const b = await to().boundingBox();
    if (!a || !b) throw new Error('drag source or target not on screen');
    const x = a.x + Math.min(a.width / 2, 40);
    const y = a.y + a.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 12, y + 6, { steps: 4 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 16 });
    await page.mouse.move(b.x + b.width / 2 + 2, b.y + b.height / 2 + 1, { steps: 2 });
    await page.mouse.up();
    try {
      await expect.poll(took, { timeout: 4000 }).toBe(true);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Picks `option` (its title) in an antd Select, `took` saying whether it took: the one implementation is
 * `choose` of tests/support/antd.ts (its own dropdown, opened and settled, retried); kept under this name
 * for layouts.test.ts.
 */
export async function chooseIn(_page: Page, select: Locator, option: string, took: () => Promise<boolean>): Promise<void> {
  await choose(select, option, took);
}

/** The fields of a section of the layout editor, in order. */
export async function placedNames(page: Page, section: number): Promise<Array<string | null>> {
  return fieldNames(page.locator(`.layout-section[data-section="${section}"] .placed-field`));
}

/** The `data-field` of each element the locator finds, in order. */
export async function fieldNames(locator: Locator): Promise<Array<string | null>> {
  return Promise.all((await locator.all()).map((item) => item.getAttribute('data-field')));
}
