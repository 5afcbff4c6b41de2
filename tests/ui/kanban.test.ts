import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, type ApiRecord } from '../support/record-helpers.ts';
import { expectStatus } from '../access/helpers.ts';
import { choose } from '../support/antd.ts';
import { adminContext, buildRuntimeUi, launchChromium, snap } from './browser.ts';

/**
 * The kanban board in real Chromium against a real engine: columns per picklist value with counts and
 * per-currency sums from the aggregate API, a card dragged with the mouse (persisted, optimistic), and
 * moves the engine refuses — a version conflict (412) and a validation rule (422) — rolled back with a
 * message saying why. Screenshots (1440-px desktop, 390-px phone) go to tests/ui/screenshots/.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const deals = new Map<string, ApiRecord>();
/** Every PATCH the browser sends: its If-Match and body. */
const patches: string[] = [];

const POLL = { timeout: 15_000 };

const DEAL = {
  api_name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  plural_label: { en: 'Deals', 'zh-CN': '商机' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    {
      api_name: 'stage',
      type: 'picklist',
      label: { en: 'Stage', 'zh-CN': '阶段' },
      values: [
        { value: 'open', label: { en: 'Open', 'zh-CN': '进行中' }, color: '#1677ff' },
        { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' }, color: '#52c41a' },
        { value: 'lost', label: { en: 'Lost', 'zh-CN': '输单' }, color: '#ff4d4f' },
        { value: 'parked', label: { en: 'Parked', 'zh-CN': '搁置' }, color: '#8c8c8c', active: false },
      ],
    },
    {
      api_name: 'priority',
      type: 'picklist',
      label: { en: 'Priority', 'zh-CN': '优先级' },
      values: [
        { value: 'high', label: { en: 'High', 'zh-CN': '高' }, color: '#fa541c' },
        { value: 'low', label: { en: 'Low', 'zh-CN': '低' } },
      ],
    },
    { api_name: 'amount', type: 'currency', label: { en: 'Amount', 'zh-CN': '金额' }, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
    { api_name: 'close_date', type: 'date', label: { en: 'Close date', 'zh-CN': '预计成交日期' } },
    { api_name: 'lost_reason', type: 'text', label: { en: 'Lost reason', 'zh-CN': '输单原因' } },
  ],
  validation_rules: [
    {
      api_name: 'lost_needs_reason',
      condition: { and: [{ '==': [{ var: 'stage' }, 'lost'] }, { is_empty: [{ var: 'lost_reason' }] }] },
      message: { en: 'A lost deal needs a lost reason', 'zh-CN': '输单需要填写原因' },
      field: 'lost_reason',
      active: true,
    },
  ],
  list_views: [
    {
      api_name: 'pipeline',
      label: { en: 'Pipeline', 'zh-CN': '销售管道' },
      columns: ['name', 'stage', 'amount', 'close_date'],
      sort: 'name',
      kanban: { group_by: 'stage', card_fields: ['amount', 'close_date'], sum_field: 'amount' },
    },
  ],
};

const column = (value: string) => page.locator(`section.kanban-column[data-column="${value}"]`);
const card = (value: string, name: string) => column(value).locator('.kanban-card', { hasText: name });

/** Drags with the mouse as a person does: press on the card, move past the threshold, glide to the column, release. */
async function drag(from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('card or column not on screen');
  // Pressed below the name (a link), where a person grabs a card.
  const x = a.x + a.width / 2;
  const y = a.y + a.height - 8;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 6, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 120), { steps: 16 });
  await page.mouse.up();
}

async function stageOf(name: string): Promise<unknown> {
  const res = expectStatus(await t.request({ method: 'GET', url: `/api/records/deal/${deals.get(name)?.id}` }), 200);
  return (res.json() as ApiRecord).stage;
}

/** The count badge and the sum line of a column as the user reads them. */
async function figures(value: string): Promise<{ count: string; sum: string }> {
  const head = column(value).locator('.kanban-column-head');
  return { count: (await head.locator('.kanban-column-count').textContent()) ?? '', sum: (await head.locator('.kanban-column-sum').textContent().catch(() => '')) ?? '' };
}

beforeAll(async () => {
  buildRuntimeUi();
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: DEAL }), 201);
  const seed: Array<[string, string, number | null, string, string?]> = [
    ['Globex renewal', 'open', 5000, 'CNY'],
    ['Acme expansion', 'open', 12000, 'CNY'],
    ['Initech pilot', 'open', 3000, 'USD'],
    ['Umbrella upgrade', 'won', 8000, 'CNY'],
    ['Hooli audit', 'lost', 1500, 'CNY', 'Budget cut'],
    ['Stark retainer', 'won', null, 'CNY'],
  ];
  for (const [name, stage, amount, currency, lost_reason] of seed) {
    deals.set(name, await createRecord(t, 'deal', { name, stage, amount: amount === null ? null : { amount, currency }, close_date: '2026-12-31', lost_reason }));
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
  page.on('request', (r) => {
    if (r.method() === 'PATCH') patches.push(`${r.headers()['if-match']} ${r.postData()}`);
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the kanban board', () => {
  it('is reached from the list and shows a column per active value, with counts and per-currency sums', async () => {
    await page.goto(`${base}/app/o/deal?view=pipeline`);
    await page.getByRole('cell', { name: 'Globex renewal' }).waitFor();
    await snap(page, 'kanban-00-list');
    await page.getByRole('button', { name: 'Board' }).click();
    await page.waitForURL(/\/o\/deal\/kanban\?view=pipeline/);
    await page.getByRole('heading', { name: 'Deals: board' }).waitFor();
    await card('open', 'Globex renewal').waitFor();
    // Active values in the picklist's order; the retired "Parked" has no records, so no column.
    expect(await page.locator('section.kanban-column').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['Open', 'Won', 'Lost']);
    await expect.poll(() => figures('open'), POLL).toEqual({ count: '3', sum: 'CN¥17,000.00 · $3,000.00' });
    expect(await figures('won')).toEqual({ count: '2', sum: 'CN¥8,000.00' });
    expect(await figures('lost')).toEqual({ count: '1', sum: 'CN¥1,500.00' });
    // The view's card fields, in the user's language.
    await expect(card('open', 'Initech pilot').textContent()).resolves.toMatch(/Amount\$3,000\.00Close dateDec 31, 2026/);
    await snap(page, 'kanban-01-board');
  });

  it('moves a card dragged to another column at once, and the change persists after a reload', async () => {
    // The engine's answer is held back: the card and the figures must move before it arrives.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const one = /\/api\/records\/deal\/[^/?]+$/;
    await page.route(one, async (route) => {
      if (route.request().method() === 'PATCH') await held;
      await route.continue();
    });
    await drag(card('open', 'Globex renewal'), column('won'));
    await card('won', 'Globex renewal').waitFor();
    expect(await card('open', 'Globex renewal').count()).toBe(0);
    await expect.poll(() => figures('won'), POLL).toEqual({ count: '3', sum: 'CN¥13,000.00' });
    expect(await figures('open')).toEqual({ count: '2', sum: 'CN¥12,000.00 · $3,000.00' });
    expect(await stageOf('Globex renewal')).toBe('open');
    release();
    await page.locator('.ant-message-notice', { hasText: '“Globex renewal” moved to Won' }).waitFor();
    await page.unroute(one);
    await snap(page, 'kanban-02-dragged');
    // Only the group field was sent, with the version the card was read at.
    expect(patches).toEqual(['"1" {"stage":"won"}']);
    await expect.poll(() => stageOf('Globex renewal'), POLL).toBe('won');

    await page.reload();
    await card('won', 'Globex renewal').waitFor();
    expect(await card('open', 'Globex renewal').count()).toBe(0);
    await expect.poll(() => figures('won'), POLL).toEqual({ count: '3', sum: 'CN¥13,000.00' });
  });

  it('rolls a move back with a message when someone else changed the record meanwhile (412)', async () => {
    // Behind the board's back: someone raises the amount (the record's version goes up).
    const acme = deals.get('Acme expansion') as ApiRecord;
    expectStatus(await t.request({ method: 'PATCH', url: `/api/records/deal/${acme.id}`, payload: { amount: { amount: 15000, currency: 'CNY' } } }), 200);
    await drag(card('open', 'Acme expansion'), column('won'));
    await page.locator('.ant-message-notice', { hasText: 'Someone else changed “Acme expansion” meanwhile, so it was not moved' }).waitFor();
    await card('open', 'Acme expansion').waitFor();
    expect(await card('won', 'Acme expansion').count()).toBe(0);
    // Back where it was, now showing the other person's change.
    await expect.poll(() => card('open', 'Acme expansion').textContent(), POLL).toContain('CN¥15,000.00');
    await expect.poll(() => figures('open'), POLL).toEqual({ count: '2', sum: 'CN¥15,000.00 · $3,000.00' });
    await snap(page, 'kanban-03-conflict-rolled-back');
    expect(await stageOf('Acme expansion')).toBe('open');
  });

  it('rolls a move back naming the validation rule that refused it (422)', async () => {
    await drag(card('open', 'Initech pilot'), column('lost'));
    await page.locator('.ant-message-notice', { hasText: '“Initech pilot” cannot move to Lost: A lost deal needs a lost reason' }).waitFor();
    await card('open', 'Initech pilot').waitFor();
    expect(await card('lost', 'Initech pilot').count()).toBe(0);
    await expect.poll(() => figures('lost'), POLL).toEqual({ count: '1', sum: 'CN¥1,500.00' });
    await snap(page, 'kanban-04-rule-rolled-back');
    expect(await stageOf('Initech pilot')).toBe('open');
  });

  it('moves a card with the keyboard: space picks it up, the arrows carry it across columns, space drops it', async () => {
    const stark = card('won', 'Stark retainer');
    await expect(stark.getAttribute('aria-roledescription')).resolves.toBe('movable card');
    await stark.focus();
    // At a person's pace: the board measures its columns once a card is picked up.
    for (const key of ['Space', 'ArrowRight', 'ArrowLeft', 'ArrowLeft']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(150);
    }
    await column('open').locator('xpath=.').and(page.locator('.kanban-column-over')).waitFor();
    await snap(page, 'kanban-05-keyboard');
    await page.keyboard.press('Space');
    await card('open', 'Stark retainer').waitFor();
    await expect.poll(() => stageOf('Stark retainer'), POLL).toBe('open');
    await expect.poll(() => figures('open'), POLL).toEqual({ count: '3', sum: 'CN¥15,000.00 · $3,000.00' });
  });

  it('groups by another picklist, with a column for records without a value where nothing can be dropped', async () => {
    await choose(page.locator('.kanban-group-by'), 'Priority', async () => /by=priority/.test(page.url()));
    const columns = () => page.locator('section.kanban-column').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    await expect.poll(columns, POLL).toEqual(['No value', 'High', 'Low']);
    await expect.poll(() => figures(''), POLL).toMatchObject({ count: '6' });
    await drag(card('', 'Hooli audit'), column('high'));
    await card('high', 'Hooli audit').waitFor();
    await expect.poll(() => patches.at(-1), POLL).toBe('"1" {"priority":"high"}');
    // Dropping into "No value" sends nothing and leaves the card where it was.
    const sent = patches.length;
    await drag(card('high', 'Hooli audit'), column(''));
    await page.waitForTimeout(500);
    expect(patches.length).toBe(sent);
    expect(await card('high', 'Hooli audit').count()).toBe(1);
    await snap(page, 'kanban-06-by-priority');
  });

  it('fits a 390-px phone: columns scroll sideways, in Chinese', async () => {
    await page.evaluate("localStorage.setItem('tessera.locale', 'zh-CN')");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/app/o/deal/kanban?view=pipeline`);
    await page.getByRole('heading', { name: '商机：看板' }).waitFor();
    await card('won', 'Globex renewal').waitFor();
    const board = page.locator('.kanban-board');
    const [scrollWidth, clientWidth] = await board.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(clientWidth).toBeLessThanOrEqual(390);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The page itself does not scroll sideways: only the board does.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expect(column('open').locator('.kanban-column-count').textContent()).resolves.toBe('3');
    await snap(page, 'kanban-07-phone');
    await board.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await snap(page, 'kanban-08-phone-scrolled');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate("localStorage.setItem('tessera.locale', 'en')");
  });
});
