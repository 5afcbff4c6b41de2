import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage, type ApiRecord } from '../support/record-helpers.ts';
import { expectStatus } from '../access/helpers.ts';
import { choose as chooseOption } from '../support/antd.ts';
import { adminContext, buildRuntimeUi, launchChromium, snap } from './browser.ts';

/**
 * The record page and what surrounds it, in real Chromium against a real engine: related lists whose
 * "New" opens the child's form with the lookup filled in, the activity timeline of audited fields, delete
 * and restore from the recycle bin, global search from the header (a Chinese name), and the recently
 * viewed records on the home page and under the search box. Screenshots go to tests/ui/screenshots/.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let star: ApiRecord;
let moonId = '';

const POLL = { timeout: 15_000 };
const CHINESE_NAME = '北京星辰科技有限公司';

const ACCOUNT = {
  api_name: 'account',
  label: { en: 'Account', 'zh-CN': '客户' },
  plural_label: { en: 'Accounts', 'zh-CN': '客户' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    { api_name: 'city', type: 'text', label: { en: 'City', 'zh-CN': '城市' }, searchable: true },
  ],
};

const DEAL = {
  api_name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  plural_label: { en: 'Deals', 'zh-CN': '商机' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    {
      api_name: 'stage',
      type: 'picklist',
      audited: true,
      label: { en: 'Stage', 'zh-CN': '阶段' },
      values: [
        { value: 'open', label: { en: 'Open', 'zh-CN': '进行中' }, color: '#1677ff' },
        { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' }, color: '#52c41a' },
      ],
    },
    { api_name: 'amount', type: 'integer', audited: true, label: { en: 'Amount', 'zh-CN': '金额' } },
    { api_name: 'account', type: 'lookup', label: { en: 'Account', 'zh-CN': '客户' }, target: 'account' },
  ],
};

const CONTACT = {
  api_name: 'contact',
  label: { en: 'Contact', 'zh-CN': '联系人' },
  plural_label: { en: 'Contacts', 'zh-CN': '联系人' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '姓名' }, required: true },
    { api_name: 'account', type: 'lookup', label: { en: 'Account', 'zh-CN': '客户' }, target: 'account' },
  ],
};

/** Picks an option of the antd Select inside a form field. */
async function choose(field: string, option: string): Promise<void> {
  await chooseOption(page.locator(`[data-field="${field}"] .ant-select`), option);
}

const related = (name: string) => page.locator(`.related-list[data-related="${name}"]`);

beforeAll(async () => {
  buildRuntimeUi();
  t = await startTestEngine();
  for (const definition of [ACCOUNT, DEAL, CONTACT]) expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: definition }), 201);
  star = await createRecord(t, 'account', { name: CHINESE_NAME, city: '北京' });
  await createRecord(t, 'account', { name: 'Globex', city: 'Springfield' });
  await createRecord(t, 'deal', { name: 'Star deal', stage: 'open', amount: 100, account: star.id });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the record page', () => {
  it('lists related records, and "New" opens the child form with the lookup filled in; the child then shows in the list', async () => {
    await page.goto(`${base}/app/o/account/${star.id}`);
    await page.getByRole('heading', { name: CHINESE_NAME }).waitFor();
    await related('deal.account').getByRole('link', { name: 'Star deal' }).waitFor();
    await expect.poll(() => related('deal.account').locator('.related-count').textContent(), POLL).toBe('1');
    await related('contact.account').getByText('None yet').waitFor();
    await snap(page, 'record-01-related-lists');

    await related('deal.account').getByRole('button', { name: 'New: Deals' }).click();
    await page.getByRole('heading', { name: 'New Deal' }).waitFor();
    expect(new URL(page.url()).searchParams.get('account')).toBe(star.id);
    // The lookup shows the account by its name, not its id.
    await page.locator('[data-field="account"] .ant-select', { hasText: CHINESE_NAME }).waitFor();
    await page.locator('#root_name').fill('Moon deal');
    await choose('stage', 'Open');
    await page.locator('#root_amount').fill('500');
    await snap(page, 'record-02-new-from-related');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Moon deal' }).waitFor();
    const moon = (await listPage(t, 'deal')).items.find((d) => d.name === 'Moon deal');
    expect(moon).toMatchObject({ account: star.id, stage: 'open', amount: 500 });
    moonId = moon?.id as string;

    await page.getByRole('link', { name: CHINESE_NAME }).click();
    await related('deal.account').getByRole('link', { name: 'Moon deal' }).waitFor();
    await expect.poll(() => related('deal.account').locator('.related-count').textContent(), POLL).toBe('2');
    await snap(page, 'record-03-child-in-related-list');
  });

  it('shows the changes of audited fields in the activity timeline: who, and old → new', async () => {
    await related('deal.account').getByRole('link', { name: 'Moon deal' }).click();
    await page.getByRole('heading', { name: 'Moon deal' }).waitFor();
    await page.locator('.activity-timeline').getByText(/^Created /).waitFor();
    expect(await page.locator('.timeline-entry[data-field]').count()).toBe(0);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Deal' }).waitFor();
    await choose('stage', 'Won');
    await page.locator('#root_amount').fill('750');
    await page.locator('#root_name').fill('Moon deal II');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Moon deal II' }).waitFor();
    const stage = page.locator('.timeline-entry[data-field="stage"]');
    await stage.waitFor();
    await expect(stage.textContent()).resolves.toContain('Admin changed Stage');
    await expect(stage.locator('.timeline-old').textContent()).resolves.toBe('Open');
    await expect(stage.locator('.timeline-new').textContent()).resolves.toBe('Won');
    const amount = page.locator('.timeline-entry[data-field="amount"]');
    await expect(amount.locator('.timeline-old').textContent()).resolves.toBe('500');
    await expect(amount.locator('.timeline-new').textContent()).resolves.toBe('750');
    // The name is not audited: no entry for it.
    expect(await page.locator('.timeline-entry[data-field="name"]').count()).toBe(0);
    await snap(page, 'record-04-timeline');
  });

  it('deletes a record and restores it from the recycle bin', async () => {
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.getByRole('heading', { name: 'Deals' }).waitFor();
    await expect.poll(async () => (await listPage(t, 'deal')).items.map((d) => d.name), POLL).not.toContain('Moon deal II');
    await page.getByRole('button', { name: 'Recycle bin' }).click();
    await page.getByRole('heading', { name: 'Deals: recycle bin' }).waitFor();
    const row = page.locator('.ant-table-row', { hasText: 'Moon deal II' });
    await row.waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await snap(page, 'record-05-recycle-bin');
    await row.getByRole('button', { name: 'Restore Moon deal II' }).click();
    await page.locator('.ant-message-notice', { hasText: '“Moon deal II” restored' }).waitFor();
    await page.getByText('The recycle bin is empty').waitFor();
    await snap(page, 'record-06-restored');
    expect((await listPage(t, 'deal')).items.find((d) => d.id === moonId)).toMatchObject({ name: 'Moon deal II', stage: 'won', account: star.id });
    await page.goto(`${base}/app/o/deal/${moonId}`);
    await page.getByRole('heading', { name: 'Moon deal II' }).waitFor();
    // Its history came back with it.
    await page.locator('.timeline-entry[data-field="stage"]').waitFor();
  });
});

describe('global search and recently viewed', () => {
  it('finds a record by part of its Chinese name from the header, grouped by object', async () => {
    const box = page.getByRole('searchbox', { name: 'Search everything' });
    await box.fill('北京科技');
    await box.press('Enter');
    await page.waitForURL(/\/app\/search\?q=/);
    await page.getByRole('heading', { name: 'Results for “北京科技”' }).waitFor();
    const accounts = page.locator('.search-group[data-object="account"]');
    await accounts.getByRole('link', { name: CHINESE_NAME }).waitFor();
    await expect(accounts.locator('.ant-card-head').textContent()).resolves.toContain('Accounts1 found');
    expect(await page.locator('.search-group').count()).toBe(1);
    await snap(page, 'search-01-chinese');

    // Across objects: one group per object that has matches, with the matched field named.
    await box.fill('deal');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Results for “deal”' }).waitFor();
    await page.locator('.search-group[data-object="deal"]').getByRole('link', { name: 'Moon deal II' }).waitFor();
    await box.fill('北京');
    await box.press('Enter');
    await page.locator('.search-group[data-object="account"]').getByText('City: 北京').waitFor();
    await box.fill('nothing like this');
    await box.press('Enter');
    await page.getByText('Nothing found for “nothing like this”').waitFor();
    await snap(page, 'search-02-nothing');
  });

  it('keeps the records the user opened, newest first, on the home page and under the search box', async () => {
    await page.goto(`${base}/app/o/account/${star.id}`);
    await page.getByRole('heading', { name: CHINESE_NAME }).waitFor();
    await page.getByRole('link', { name: 'Tessera' }).first().click();
    const recent = page.locator('.home-recent li');
    await recent.first().waitFor();
    // Each record once, under its latest name (Moon deal was renamed); Star deal was only ever seen in a list.
    expect(await recent.evaluateAll((items) => items.map((li) => li.querySelector('a')?.textContent))).toEqual([CHINESE_NAME, 'Moon deal II']);
    await expect(recent.first().textContent()).resolves.toContain('Account');
    await snap(page, 'recent-01-home');

    await page.getByRole('searchbox', { name: 'Search everything' }).click();
    const dropdown = page.locator('.search-recent:visible');
    await dropdown.getByText('Recently viewed').waitFor();
    await snap(page, 'recent-02-search-dropdown');
    expect(await dropdown.locator('.recent-name').allTextContents()).toEqual([CHINESE_NAME, 'Moon deal II']);
    await dropdown.getByText('Moon deal II').click();
    await page.getByRole('heading', { name: 'Moon deal II' }).waitFor();
    // Kept per user and tenant in this browser.
    const kept = await page.evaluate<string[]>("Object.keys(localStorage).filter((k) => k.startsWith('tessera.recent.'))");
    expect(kept).toHaveLength(1);
    expect(kept[0]).toContain(t.tenant.slug);
  });

  it('fits a 390-px phone: the record page in one column, search in the header', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/app/o/account/${star.id}`);
    await related('deal.account').getByRole('link', { name: 'Moon deal II' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await snap(page, 'record-07-phone');
    await page.goto(`${base}/app/o/deal/${moonId}`);
    await page.locator('.timeline-entry[data-field="stage"]').waitFor();
    await snap(page, 'record-08-phone-timeline');
    await page.getByRole('searchbox', { name: 'Search everything' }).fill('北京科技');
    await page.getByRole('searchbox', { name: 'Search everything' }).press('Enter');
    await page.locator('.search-group[data-object="account"]').getByRole('link', { name: CHINESE_NAME }).waitFor();
    await snap(page, 'search-03-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
