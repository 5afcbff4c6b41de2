import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, expectStatus, loginNonAdmin } from '../support/meta-helpers.ts';
import { adminContext, buildRuntimeUi, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';
import { choose, clickUntil, openedDrawer, openedModal, selectLabelled, selectOptions } from '../support/antd.ts';

/**
 * The list view designer in real Chromium against a real engine: an admin builds a view — four columns
 * ordered by dragging and by the arrows, a descending sort, a filter with current_user, board settings —
 * sees the engine's error for a bad filter at its place and a preview of the rows, saves it through its
 * plan; then /app offers the view in its picker with those columns and only the matching rows, and the
 * board groups by the chosen picklist. Screenshots go to tests/designer/screenshots/.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

const POLL = { timeout: 15_000 };
const FILTER = { and: [{ '!=': [{ var: 'stage' }, 'lost'] }, { '==': [{ var: 'owner_id' }, { current_user: [] }] }] };

const DEAL = {
  api_name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  plural_label: { en: 'Deals', 'zh-CN': '商机' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    // The first picklist: a new board groups by it until another is chosen.
    { api_name: 'priority', type: 'picklist', label: { en: 'Priority', 'zh-CN': '优先级' }, values: [{ value: 'high', label: { en: 'High' } }, { value: 'low', label: { en: 'Low' } }] },
    {
      api_name: 'stage',
      type: 'picklist',
      label: { en: 'Stage', 'zh-CN': '阶段' },
      values: [
        { value: 'open', label: { en: 'Open', 'zh-CN': '进行中' }, color: '#1677ff' },
        { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' }, color: '#52c41a' },
        { value: 'lost', label: { en: 'Lost', 'zh-CN': '输单' }, color: '#ff4d4f' },
      ],
    },
    { api_name: 'amount', type: 'currency', label: { en: 'Amount', 'zh-CN': '金额' }, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
    { api_name: 'close_on', type: 'date', label: { en: 'Close on', 'zh-CN': '成交日期' } },
    { api_name: 'tags', type: 'multi_picklist', label: { en: 'Tags', 'zh-CN': '标签' }, values: [{ value: 'vip', label: { en: 'VIP' } }, { value: 'new', label: { en: 'New' } }] },
    { api_name: 'note', type: 'text', label: { en: 'Note' } },
  ],
};

/** The list view drawer while it is open (never one that is closing). */
const drawer = (): Locator => page.locator('.ant-drawer-open .ant-drawer-section');
const columnOrder = async () => Promise.all((await drawer().locator('li.column-row').all()).map((row) => row.getAttribute('data-column')));

/** Adds a column with the "Add a column" select (the select keeps no value, so the new row is what is checked). */
async function addColumn(option: string, name: string): Promise<void> {
  await choose(drawer().locator('.column-add'), option, async () => (await drawer().locator(`li.column-row[data-column="${name}"]`).count()) === 1);
}

/** Types a rule as raw JSON in the rule builder of the open drawer. */
async function typeFilter(json: string): Promise<void> {
  const raw = drawer().locator('.rule-builder').getByText('Raw JSON', { exact: true });
  if ((await drawer().locator('.rule-builder .rule-json').count()) === 0) await raw.click();
  await drawer().locator('.rule-builder .rule-json').fill(json);
}

beforeAll(async () => {
  buildDesigner();
  buildRuntimeUi();
  t = await startTestEngine();
  await createObject(t, DEAL);
  const rep = await loginNonAdmin(t);
  for (const [name, stage, amount, priority] of [
    ['Globex renewal', 'open', 5000, 'high'],
    ['Acme expansion', 'open', 12000, 'low'],
    ['Initech pilot', 'won', 3000, 'high'],
    ['Hooli audit', 'lost', 1500, 'low'],
    ['Stark retainer', 'won', 8000, 'high'],
  ] as const) {
    await createRecord(t, 'deal', { name, stage, priority, amount: { amount, currency: 'CNY' }, close_on: '2026-12-31', note: 'x' });
  }
  // One deal of someone else: the view's current_user condition leaves it out.
  const stark = ((await expectStatus(t, 200, { method: 'GET', url: `/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'name' }, 'Stark retainer'] }))}` })).json() as { items: Array<{ id: string }> }).items[0];
  await expectStatus(t, 200, { method: 'POST', url: '/api/records/deal/transfer', payload: { ids: [stark?.id], owner_id: rep.userId } });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the list view designer', () => {
  it('builds a view: a name from the label, four columns in a chosen order, a sort on sortable fields only', async () => {
    await page.goto(`${base}/designer/o/deal`);
    await page.getByRole('tab', { name: 'List views' }).click();
    await page.getByText('No list views yet').waitFor();
    await clickUntil(page.getByRole('button', { name: 'New list view' }), drawer().getByText('New list view'));
    await openedDrawer(page, 'New list view');
    await drawer().getByLabel('Label (English)').fill('Open pipeline');
    await drawer().getByLabel('Label (中文)').fill('进行中商机');
    await expect.poll(() => drawer().getByLabel('API name').inputValue(), POLL).toBe('open_pipeline');

    expect(await columnOrder()).toEqual(['name']);
    await addColumn('Stage (stage)', 'stage');
    await addColumn('Amount (amount)', 'amount');
    await addColumn('Close on (close_on)', 'close_on');
    expect(await columnOrder()).toEqual(['name', 'stage', 'amount', 'close_on']);

    // Drag "Close on" by its handle onto "Stage": it takes Stage's place.
    const handle = drawer().getByRole('button', { name: 'Drag Close on' });
    const from = await handle.boundingBox();
    const to = await drawer().locator('li.column-row[data-column="stage"]').boundingBox();
    if (!from || !to) throw new Error('column rows not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    await expect.poll(columnOrder, POLL).toEqual(['name', 'close_on', 'stage', 'amount']);
    // And "Amount" one up with its arrow.
    await drawer().getByRole('button', { name: 'Move Amount up' }).click();
    await expect.poll(columnOrder, POLL).toEqual(['name', 'close_on', 'amount', 'stage']);

    await drawer().getByRole('button', { name: 'Add a sort field' }).click();
    const sortOptions = await selectOptions(selectLabelled(drawer(), 'Sort field 1'));
    expect(sortOptions).toContain('Amount (amount)');
    expect(sortOptions).toContain('Created at (created_at)');
    // A multi-picklist cannot be sorted, so it is not offered.
    expect(sortOptions).not.toContain('Tags (tags)');
    await choose(selectLabelled(drawer(), 'Sort field 1'), 'Amount (amount)');
    await drawer().locator('.sort-row').getByText('Descending').click();
    await snap(page, 'list-views-01-columns-and-sort');
  });

  it('sets up the board: grouped by a picklist, card fields, a sum', async () => {
    await drawer().getByRole('switch', { name: 'Board (kanban)' }).click();
    expect(await selectOptions(selectLabelled(drawer(), 'Group by'))).toEqual(['Priority (priority)', 'Stage (stage)']);
    expect(await selectOptions(selectLabelled(drawer(), 'Sum per column'))).toEqual(['Amount (amount)']);
    await choose(selectLabelled(drawer(), 'Group by'), 'Stage (stage)');
    await choose(selectLabelled(drawer(), 'Fields on each card'), 'Amount (amount)');
    await choose(selectLabelled(drawer(), 'Fields on each card'), 'Close on (close_on)');
    await choose(selectLabelled(drawer(), 'Sum per column'), 'Amount (amount)');
  });

  it('shows the engine\'s error for a bad filter at its place, and opens no review', async () => {
    await typeFilter('{"==": [{"var": "nope"}, 1]}');
    await drawer().getByRole('button', { name: 'Review' }).click();
    const errors = drawer().locator('.rule-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/==\.0\.var.*nope/);
    await drawer().locator('.view-problem', { hasText: 'see the marked parts below' }).waitFor();
    expect(await page.locator('.ant-modal:visible').count()).toBe(0);
    // The preview says what the engine says of it too.
    await drawer().locator('.preview-error').waitFor();
    await snap(page, 'list-views-02-bad-filter');
  });

  it('previews the rows the view lists, then saves it through its plan', async () => {
    await typeFilter(JSON.stringify(FILTER));
    // The error was about the filter as it was: editing it clears it.
    await expect.poll(() => drawer().locator('.rule-errors').count(), POLL).toBe(0);
    const preview = drawer().locator('.preview-table');
    await expect
      .poll(async () => (await preview.locator('tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''))), POLL)
      .toEqual(['Acme expansion', 'Globex renewal', 'Initech pilot']);
    expect((await preview.locator('thead th').allTextContents()).filter(Boolean)).toEqual(['Name', 'Close on', 'Amount', 'Stage']);
    await preview.scrollIntoViewIfNeeded();
    await snap(page, 'list-views-03-preview');

    await drawer().getByRole('button', { name: 'Review' }).click();
    const modal = await openedModal(page, 'Add the list view');
    await modal.locator('.plan-view').waitFor();
    expect(await modal.locator('.plan-view').textContent()).toContain('Metadata only');
    await snap(page, 'list-views-04-plan');
    await modal.getByRole('button', { name: 'Apply' }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => drawer().count(), POLL).toBe(0);
    await page.getByRole('cell', { name: 'open_pipeline', exact: true }).waitFor();
    await snap(page, 'list-views-05-list');

    const deal = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/deal' })).json() as { list_views: unknown[] };
    expect(deal.list_views).toEqual([
      {
        api_name: 'open_pipeline',
        label: { en: 'Open pipeline', 'zh-CN': '进行中商机' },
        columns: ['name', 'close_on', 'amount', 'stage'],
        sort: '-amount',
        filter: FILTER,
        kanban: { group_by: 'stage', card_fields: ['amount', 'close_on'], sum_field: 'amount' },
      },
    ]);
  });

  it('is in the view picker of /app, with its columns and only the matching rows', async () => {
    await page.goto(`${base}/app/o/deal`);
    await page.getByRole('cell', { name: 'Hooli audit' }).waitFor();
    await choose(page.locator('.ant-select.list-view'), 'Open pipeline', async () => /view=open_pipeline/.test(page.url()));
    await expect.poll(async () => page.locator('.ant-table-tbody tr.ant-table-row').count(), POLL).toBe(3);
    await expect.poll(async () => (await page.locator('.ant-table-thead th').allTextContents()).filter((h) => h.trim() !== ''), POLL).toEqual(['Name', 'Close on', 'Amount', 'Stage']);
    const names = await page.locator('.ant-table-tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    expect(names.map((n) => /Acme|Globex|Initech|Hooli|Stark/.exec(n)?.[0])).toEqual(['Acme', 'Globex', 'Initech']);
    await snap(page, 'list-views-06-app-list');
  });

  it('shows the board grouped by the chosen field, with the view\'s cards', async () => {
    await page.getByRole('button', { name: 'Board' }).click();
    await page.waitForURL(/\/o\/deal\/kanban\?view=open_pipeline/);
    const column = (value: string) => page.locator(`section.kanban-column[data-column="${value}"]`);
    await column('open').locator('.kanban-card').first().waitFor();
    expect(await page.locator('section.kanban-column').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['Open', 'Won', 'Lost']);
    const cards = (value: string) => column(value).locator('.kanban-card').evaluateAll((els) => els.map((e) => /Acme|Globex|Initech|Hooli|Stark/.exec(e.textContent ?? '')?.[0]));
    await expect.poll(() => cards('open'), POLL).toEqual(['Acme', 'Globex']);
    expect(await cards('won')).toEqual(['Initech']);
    expect(await cards('lost')).toEqual([]);
    expect(await column('open').locator('.kanban-card', { hasText: 'Acme' }).textContent()).toMatch(/Amount.*12,000.*Close on/);
    await snap(page, 'list-views-07-app-board');
  });

  it('changes a view through its plan, and deletes it through its plan', async () => {
    await page.goto(`${base}/designer/o/deal`);
    await page.getByRole('tab', { name: 'List views' }).click();
    await clickUntil(page.getByRole('button', { name: 'Edit open_pipeline' }), drawer().getByText('List view open_pipeline'));
    await openedDrawer(page, 'List view open_pipeline');
    // A saved view keeps its API name; its settings come back as saved.
    expect(await drawer().getByLabel('API name').isDisabled()).toBe(true);
    expect(await columnOrder()).toEqual(['name', 'close_on', 'amount', 'stage']);
    await drawer().getByLabel('Label (English)').fill('My pipeline');
    await drawer().getByRole('button', { name: 'Remove Close on' }).click();
    await drawer().getByRole('button', { name: 'Review' }).click();
    const review = await openedModal(page, 'Change the list view');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'My pipeline', exact: true }).waitFor();
    const views = () => expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/deal' }).then((r) => (r.json() as { list_views?: Array<Record<string, unknown>> }).list_views ?? []);
    expect(await views()).toMatchObject([{ api_name: 'open_pipeline', label: { en: 'My pipeline', 'zh-CN': '进行中商机' }, columns: ['name', 'amount', 'stage'], sort: '-amount', filter: FILTER }]);

    await page.getByRole('button', { name: 'Delete open_pipeline' }).click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: 'Delete' }).click();
    const removal = await openedModal(page, 'Delete the list view');
    await removal.locator('.plan-view').waitFor();
    await removal.getByRole('button', { name: 'Apply' }).click();
    await removal.waitFor({ state: 'hidden' });
    await page.getByText('No list views yet').waitFor();
    expect(await views()).toEqual([]);
  });
});
