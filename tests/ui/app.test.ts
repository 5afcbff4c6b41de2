import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage, type ApiRecord } from '../support/record-helpers.ts';
import { expectStatus } from '../access/helpers.ts';
import { choose as chooseOption, clickUntil, selectLabelled } from '../support/antd.ts';
import { buildRuntimeUi, launchChromium, snap } from './browser.ts';

/**
 * The end-user app in real Chromium against a real engine: log in, create a record through the generated
 * form (a bad value refused in the browser, a duplicate refused by the engine, both fixed), edit it,
 * switch language, search the list. Screenshots go to tests/ui/screenshots/.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let acme: ApiRecord;

/** The machine is shared: give the browser time (expect.poll waits 1 s by default). */
const POLL = { timeout: 15_000 };

const DEAL = {
  api_name: 'deal',
  icon: 'target',
  label: { en: 'Deal', 'zh-CN': '商机' },
  plural_label: { en: 'Deals', 'zh-CN': '商机' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    { api_name: 'code', type: 'text', label: { en: 'Code', 'zh-CN': '编码' }, unique: true },
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
    { api_name: 'probability', type: 'percent', label: { en: 'Probability', 'zh-CN': '赢率' }, min: 0, max: 100 },
    { api_name: 'close_date', type: 'date', label: { en: 'Close date', 'zh-CN': '预计成交日期' } },
    { api_name: 'account', type: 'lookup', label: { en: 'Account', 'zh-CN': '客户' }, target: 'account' },
    { api_name: 'strategic', type: 'boolean', label: { en: 'Strategic', 'zh-CN': '战略' } },
    { api_name: 'lost_reason', type: 'text', label: { en: 'Lost reason', 'zh-CN': '输单原因' } },
  ],
  layouts: [
    {
      api_name: 'sales',
      label: { en: 'Sales', 'zh-CN': '销售' },
      sections: [
        { label: { en: 'Deal', 'zh-CN': '商机' }, columns: 2, fields: [{ field: 'name' }, { field: 'code' }, { field: 'stage' }, { field: 'account' }, { field: 'amount' }, { field: 'probability' }] },
        { label: { en: 'Closing', 'zh-CN': '成交' }, columns: 2, fields: [{ field: 'close_date' }, { field: 'strategic' }, { field: 'lost_reason', visible_if: { '==': [{ var: 'stage' }, 'lost'] } }] },
      ],
    },
  ],
};

/** Picks an option of the antd Select inside a form field. */
async function choose(field: string, option: string, typed?: string): Promise<void> {
  await chooseOption(page.locator(`[data-field="${field}"] .ant-select`), option, { search: typed });
}

beforeAll(async () => {
  buildRuntimeUi();
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account', label: { en: 'Account', 'zh-CN': '客户' }, plural_label: { en: 'Accounts', 'zh-CN': '客户' } } }), 201);
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: DEAL }), 201);
  acme = await createRecord(t, 'account', { name: 'Acme Robotics' });
  await createRecord(t, 'account', { name: 'Globex' });
  for (const [name, stage, amount] of [['Globex renewal', 'open', 5000], ['Initech pilot', 'won', 12000], ['Umbrella upgrade', 'lost', 800]] as const) {
    await createRecord(t, 'deal', { name, stage, code: `C-${name.slice(0, 3)}`, amount: { amount, currency: 'USD' } });
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the end-user app', () => {
  it('is served at /app, with client routes answered by the app', async () => {
    const shell = await fetch(`${base}/app/o/deal/new`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-type')).toMatch(/text\/html/);
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const html = await shell.text();
    expect(html).toContain('<div id="root">');
    expect((await fetch(`${base}/app/assets/missing.js`)).status).toBe(404);
    // Nothing outside the built app is reachable through it.
    for (const escape of ['/app/assets/..%2F..%2Fpackage.json', '/app/assets/%2e%2e/%2e%2e/vite.config.ts', '/app/assets/../../build.mjs']) {
      const res = await fetch(`${base}${escape}`);
      expect(await res.text()).not.toMatch(/"name": "tessera"|defineConfig|buildApp/);
    }
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const js = await fetch(`${base}${script}`);
    expect([js.status, js.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('logs in', async () => {
    await page.goto(`${base}/app/login?tenant=${t.tenant.slug}`);
    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();
    await snap(page, '01-login');
    await page.getByLabel('Email').fill(t.adminEmail);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password').waitFor();
    await page.getByLabel('Password').fill(t.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Welcome, Admin').waitFor();
    // Navigation comes from metadata: each object under its plural label, with the icon chosen for it (Deal's
    // "target"; Account has none).
    await expect(page.getByRole('menuitem', { name: 'Deals' }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('menuitem', { name: 'Deals' }).locator('.object-icon .anticon-aim').count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: 'Accounts' }).locator('.object-icon').count()).toBe(0);
    expect(await page.locator('.ant-card', { hasText: 'Deals' }).locator('.object-icon .anticon-aim').count()).toBe(1);
    await snap(page, '02-home');
  });

  it('lists records with labelled, coloured values and sorts by a header', async () => {
    await page.getByRole('menuitem', { name: 'Deals' }).click();
    await page.getByRole('heading', { name: 'Deals' }).waitFor();
    await page.getByRole('cell', { name: 'Initech pilot' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(3);
    await expect(page.locator('.ant-table-row', { hasText: 'Initech pilot' }).getByText('Won').isVisible()).resolves.toBe(true);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await page.waitForURL(/sort=name/);
    await page.locator('th[aria-sort="ascending"]').waitFor();
    await expect.poll(() => page.locator('.ant-table-row').first().textContent(), POLL).toContain('Globex renewal');
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await page.waitForURL(/sort=-name/);
    await expect.poll(() => page.locator('.ant-table-row').first().textContent(), POLL).toContain('Umbrella upgrade');
    await snap(page, '03-list');
  });

  it('filters the list with conditions built per field', async () => {
    const builder = page.locator('.filter-builder');
    await clickUntil(page.getByRole('button', { name: 'Filters' }), builder);
    await clickUntil(page.getByRole('button', { name: 'Add condition' }), builder.locator('.filter-row'));
    await chooseOption(selectLabelled(builder, 'Field'), 'Stage');
    await chooseOption(selectLabelled(builder, 'Operator'), 'is not');
    await chooseOption(selectLabelled(builder, 'Value'), 'Won');
    await snap(page, '03b-filter');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/filter=/);
    await expect.poll(() => page.locator('.ant-table-row').count(), POLL).toBe(2);
    expect(await page.locator('.ant-table-tbody').textContent()).not.toContain('Initech pilot');
    // Clearing the conditions lists everything again.
    // (Each click is made again if it landed while the popover was still opening.)
    await clickUntil(page.getByRole('button', { name: 'Filters' }), builder);
    await clickUntil(builder.getByRole('button', { name: 'Clear' }), page.getByRole('cell', { name: 'Initech pilot' }), { timeout: 15_000 });
    expect(await page.locator('.ant-table-row').count()).toBe(3);
  });

  it('creates a record through the generated form, refusing a bad value and a duplicate until fixed', async () => {
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('heading', { name: 'New Deal' }).waitFor();
    // Sections from the layout; the conditional field shows only for a lost deal.
    await page.getByText('Closing').waitFor();
    expect(await page.locator('[data-field="lost_reason"]').count()).toBe(0);
    await page.locator('#root_name').fill('Acme expansion');
    await page.locator('#root_code').fill('C-Glo');
    await choose('stage', 'Lost');
    await page.locator('#root_lost_reason').fill('Price');
    await choose('stage', 'Open');
    await expect.poll(() => page.locator('[data-field="lost_reason"]').count(), POLL).toBe(0);
    await choose('account', 'Acme Robotics', 'Acm');
    await page.locator('#root_amount').fill('250000');
    await page.locator('#root_probability').fill('150');
    await page.locator('#root_close_date').click();
    await page.locator('#root_close_date').fill('2026-12-31');
    await page.keyboard.press('Tab');
    await page.locator('[data-field="strategic"] input[type="checkbox"]').check();
    await snap(page, '04-form-filled');

    // A bad value: refused in the browser by the form's own schema, shown on its field.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-field="probability"]').getByText('must be at most 100').waitFor();
    await snap(page, '05-form-client-error');
    await page.locator('#root_probability').fill('60');

    // A duplicate code: refused by the engine, shown on its field, and everything typed is kept.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-field="code"]').getByText('must be unique').waitFor();
    await expect(page.locator('#root_name').inputValue()).resolves.toBe('Acme expansion');
    await expect(page.locator('#root_probability').inputValue()).resolves.toBe('60');
    await snap(page, '06-form-server-error');
    expect((await listPage(t, 'deal')).items).toHaveLength(3);

    await page.locator('#root_code').fill('C-Acm');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Acme expansion' }).waitFor();
    await page.getByRole('link', { name: 'Acme Robotics' }).waitFor();
    await snap(page, '07-record');

    const saved = (await listPage(t, 'deal')).items.find((d) => d.name === 'Acme expansion');
    // The lost reason typed while the deal was lost was hidden again, so it was not saved.
    expect(saved).toMatchObject({ code: 'C-Acm', stage: 'open', probability: 60, close_date: '2026-12-31', strategic: true, account: acme.id, amount: { amount: 250000, currency: 'CNY' }, lost_reason: null });
  });

  it('edits the record: only what changed is sent, and the page shows it', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Deal' }).waitFor();
    await expect(page.locator('#root_name').inputValue()).resolves.toBe('Acme expansion');
    await choose('stage', 'Won');
    await page.locator('#root_name').fill('Acme expansion II');
    await snap(page, '08-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Acme expansion II' }).waitFor();
    const saved = (await listPage(t, 'deal')).items.find((d) => d.name === 'Acme expansion II');
    expect(saved).toMatchObject({ stage: 'won', version: 2, code: 'C-Acm', probability: 60 });
    await snap(page, '09-record-edited');
  });

  it('switches the whole app to Chinese, metadata labels included', async () => {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: '中文' }).click();
    await page.getByRole('button', { name: '编辑' }).waitFor();
    await expect(page.getByRole('button', { name: '删除' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('阶段').first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('赢单').first().isVisible()).resolves.toBe(true);
    await snap(page, '10-record-zh');
    await page.getByRole('menuitem', { name: '商机' }).click();
    await page.getByRole('columnheader', { name: '名称' }).waitFor();
    await snap(page, '11-list-zh');
  });

  it('searches the list with the quick search box', async () => {
    await page.getByPlaceholder('搜索商机').fill('Globex');
    await page.getByPlaceholder('搜索商机').press('Enter');
    await page.waitForURL(/q=Globex/);
    await expect.poll(() => page.locator('.ant-table-row').count(), POLL).toBe(1);
    await expect(page.locator('.ant-table-row').first().textContent()).resolves.toContain('Globex renewal');
    await snap(page, '12-search');
    await page.getByPlaceholder('搜索商机').fill('nothing like this');
    await page.getByPlaceholder('搜索商机').press('Enter');
    await page.getByText('没有符合条件的记录').waitFor();
  });

  it('fits a 390-px phone screen: the navigation moves into a drawer', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/app/o/deal`);
    await page.getByRole('columnheader', { name: '名称' }).waitFor();
    expect(await page.locator('.shell-sider').count()).toBe(0);
    await snap(page, '13-phone-list');
    await page.getByRole('button', { name: '导航' }).click();
    await page.locator('.ant-drawer').getByRole('menuitem', { name: '客户' }).waitFor();
    await snap(page, '14-phone-menu');
    await page.goto(`${base}/app/o/deal/new`);
    await page.locator('#root_name').waitFor();
    await snap(page, '15-phone-form');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('deletes a record after confirmation', async () => {
    await page.goto(`${base}/app/o/deal`);
    await page.getByRole('link', { name: 'Umbrella upgrade' }).click();
    await page.getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '删除这条记录？' }).waitFor();
    await snap(page, '16-delete-confirm');
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.getByRole('heading', { name: '商机' }).waitFor();
    await expect.poll(async () => (await listPage(t, 'deal')).items.map((d) => d.name), POLL).not.toContain('Umbrella upgrade');
  });
});

describe('measured, not asserted', () => {
  it('times a list of 50 rows × 10 columns from the data\'s arrival to the rendered rows', async () => {
    const fields = Array.from({ length: 9 }, (_, i) => ({ api_name: `f${i}`, type: i % 3 === 0 ? 'integer' : i % 3 === 1 ? 'date' : 'text', label: { en: `Field ${i}` } }));
    const view = { api_name: 'wide', label: { en: 'Wide' }, columns: ['name', ...fields.map((f) => f.api_name)] };
    expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'metric', label: { en: 'Metric' }, plural_label: { en: 'Metrics' }, fields, list_views: [view] } }), 201);
    for (let r = 0; r < 50; r++) {
      const values = Object.fromEntries(fields.map((f, i) => [f.api_name, i % 3 === 0 ? r * i : i % 3 === 1 ? `2026-01-${String((r % 28) + 1).padStart(2, '0')}` : `value ${r}-${i}`]));
      await createRecord(t, 'metric', { name: `Metric ${String(r).padStart(2, '0')}`, ...values });
    }
    // Signed in through the browser context's own cookie jar, so this also runs alone (-t measured).
    expect((await context.request.post(`${base}/api/auth/login`, { data: { email: t.adminEmail, password: t.adminPassword, tenant: t.tenant.slug } })).status()).toBe(200);
    const runs: Array<{ renderMs: number; sinceNavigationMs: number }> = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(`${base}/app/o/metric?view=wide&limit=50`);
      // Polled from a timer, not by a locator: its DOM queries at every frame would land inside the measured time.
      await page.waitForFunction("performance.getEntriesByName('tessera:list-render').length > 0", undefined, { timeout: 30_000, polling: 100 });
      await page.getByRole('cell', { name: 'Metric 49' }).waitFor();
      expect(await page.locator('.ant-table-row').count()).toBe(50);
      expect(await page.locator('.ant-table-thead th:not(.ant-table-selection-column)').count()).toBe(10);
      runs.push(
        await page.evaluate(() => {
          const render = performance.getEntriesByName('tessera:list-render')[0] as { duration: number; startTime: number };
          return { renderMs: render.duration, sinceNavigationMs: render.startTime + render.duration };
        }),
      );
    }
    await snap(page, '17-list-50x10');
    // A build made by the tests under vitest's NODE_ENV=test bundles React's development build: say so.
    const devBuild = await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('jsx-dev-runtime')));
    const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
    console.log(
      `list 50 × 10 (3 page loads): shown ${ms(runs.map((r) => r.renderMs))} ms after the data arrived; ${ms(runs.map((r) => r.sinceNavigationMs))} ms after navigation (${devBuild ? "React's DEVELOPMENT build, slower; " : ''}shared 2-core machine; bench/ui-list.ts for medians)`,
    );
  });
});
