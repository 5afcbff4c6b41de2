import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, expectStatus } from '../support/meta-helpers.ts';
import { adminContext, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';

/**
 * The ER diagram keeps where an admin puts each box: a dragged box is saved for the tenant (GET
 * /api/meta/diagram) and is there again after a reload; "Auto layout" lays the boxes out again and saves
 * that; "Zoom to fit" brings every box into view. Screenshots go to tests/designer/screenshots/.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

const POLL = { timeout: 15_000 };
type Positions = Record<string, { x: number; y: number }>;
/** The layered layout, as the diagram first drew it with nothing saved. */
let layered: Positions;

const node = (name: string): Locator => page.locator(`.react-flow__node[data-id="${name}"]`);
const saved = async (): Promise<Positions> => ((await expectStatus(t, 200, { method: 'GET', url: '/api/meta/diagram' })).json() as { positions: Positions }).positions;

/** A node's place on the canvas (flow coordinates), from its transform. */
async function flowPosition(name: string): Promise<{ x: number; y: number }> {
  const transform = (await node(name).getAttribute('style')) ?? '';
  const match = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(transform);
  if (!match) throw new Error(`no position in "${transform}"`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

async function openDiagram(): Promise<void> {
  await page.goto(`${base}/designer/er`);
  for (const name of ['customer', 'deal', 'lead']) await node(name).waitFor();
}

/** Every node's box lies inside the canvas's box. */
async function allNodesVisible(): Promise<boolean> {
  const canvas = await page.locator('.er-canvas').boundingBox();
  if (!canvas) return false;
  for (const name of ['customer', 'deal', 'lead']) {
    const box = await node(name).boundingBox();
    if (!box || box.x < canvas.x - 1 || box.y < canvas.y - 1 || box.x + box.width > canvas.x + canvas.width + 1 || box.y + box.height > canvas.y + canvas.height + 1) return false;
  }
  return true;
}

beforeAll(async () => {
  buildDesigner();
  t = await startTestEngine();
  await createObject(t, { api_name: 'customer', label: { en: 'Customer', 'zh-CN': '客户' }, fields: [{ api_name: 'industry', type: 'text' }] });
  await createObject(t, { api_name: 'deal', label: { en: 'Deal', 'zh-CN': '商机' }, fields: [{ api_name: 'customer', type: 'lookup', target: 'customer' }, { api_name: 'amount', type: 'integer' }] });
  await createObject(t, { api_name: 'lead', label: { en: 'Lead', 'zh-CN': '线索' } });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the ER diagram', () => {
  it('starts in the layered layout, nothing saved', async () => {
    await openDiagram();
    expect(await saved()).toEqual({});
    layered = Object.fromEntries(await Promise.all(['customer', 'deal', 'lead'].map(async (name) => [name, await flowPosition(name)] as const)));
    // Referencing objects left of those they point at: deal → customer; lead points at nothing.
    expect(layered.deal?.x).toBeLessThan(layered.customer?.x ?? 0);
    expect(layered.lead?.x).toBe(layered.customer?.x);
    await snap(page, 'er-00-layered');
  });

  it('saves a dragged box for the tenant, and shows it there after a reload', async () => {
    const before = await flowPosition('lead');
    const title = node('lead').locator('.er-node-title');
    const box = await title.boundingBox();
    if (!box) throw new Error('lead is not on screen');
    const put = page.waitForResponse((r) => r.url().endsWith('/api/meta/diagram') && r.request().method() === 'PUT');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 20 + 150, box.y + box.height / 2 + 220, { steps: 20 });
    await page.mouse.up();
    expect((await put).status()).toBe(200);
    await page.getByText('Layout saved for all admins').waitFor();
    const after = await flowPosition('lead');
    // Moved right and down (by the screen distance over the zoom), and still on the same page: no navigation.
    expect(after.x).toBeGreaterThan(before.x + 20);
    expect(after.y).toBeGreaterThan(before.y + 20);
    expect(page.url()).toMatch(/\/designer\/er$/);
    const positions = await saved();
    expect(Object.keys(positions).sort()).toEqual(['customer', 'deal', 'lead']);
    expect(positions.lead).toEqual({ x: Math.round(after.x), y: Math.round(after.y) });
    await snap(page, 'er-01-dragged');

    await page.reload();
    for (const name of ['customer', 'deal', 'lead']) await node(name).waitFor();
    expect(await flowPosition('lead')).toEqual(positions.lead);
    expect(await flowPosition('customer')).toEqual(positions.customer);
    await snap(page, 'er-02-reloaded');
  });

  it('lays the boxes out again with "Auto layout", and saves that', async () => {
    const expected = layered;
    expect((await saved()).lead).not.toEqual(expected.lead);
    const put = page.waitForResponse((r) => r.url().endsWith('/api/meta/diagram') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Auto layout' }).click();
    expect((await put).status()).toBe(200);
    await expect.poll(() => flowPosition('lead'), POLL).toEqual(expected.lead);
    await expect.poll(saved, POLL).toEqual(expected);
    await page.reload();
    await node('lead').waitFor();
    expect(await flowPosition('lead')).toEqual(expected.lead);
    expect(await allNodesVisible()).toBe(true);
    await snap(page, 'er-03-auto-layout');
  });

  it('brings every box into view with "Zoom to fit"', async () => {
    // Pan the diagram a canvas's width to the left: the boxes leave it.
    const canvas = await page.locator('.er-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    const y = canvas.y + canvas.height - 40;
    await page.mouse.move(canvas.x + canvas.width - 40, y);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 40, y, { steps: 15 });
    await page.mouse.up();
    await expect.poll(allNodesVisible, POLL).toBe(false);
    await snap(page, 'er-04-panned-away');
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await expect.poll(allNodesVisible, POLL).toBe(true);
    await snap(page, 'er-05-zoom-to-fit');
  });

  it('opens an object when its box is clicked', async () => {
    await node('customer').locator('.er-node-title').click();
    await page.waitForURL(/\/designer\/o\/customer$/);
  });
});
