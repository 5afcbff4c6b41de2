import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage, type ApiRecord } from '../support/record-helpers.ts';
import { adminCreateUser, expectStatus, logIn } from '../access/helpers.ts';
import { choose, clickUntil, closeSelect, openedModal, openSelect, selectLabelled } from '../support/antd.ts';
import { adminContext, buildRuntimeUi, launchChromium, snap } from './browser.ts';

/**
 * The list's tools in real Chromium against a real engine: filter and save a view, reopen it from the
 * picker, choose columns the view remembers, select rows and mass-update a picklist (one record changed
 * meanwhile is refused alone), mass delete, export the view to CSV; loading, empty and error states; a
 * 390-px phone; Chinese. Screenshots go to tests/ui/screenshots/list-*.png.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const leads = new Map<string, ApiRecord>();

const POLL = { timeout: 15_000 };

const LEAD = {
  api_name: 'lead',
  label: { en: 'Lead', 'zh-CN': '线索' },
  plural_label: { en: 'Leads', 'zh-CN': '线索' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '姓名' }, required: true },
    { api_name: 'company', type: 'text', label: { en: 'Company', 'zh-CN': '公司' } },
    {
      api_name: 'status',
      type: 'picklist',
      label: { en: 'Status', 'zh-CN': '状态' },
      values: [
        { value: 'new', label: { en: 'New', 'zh-CN': '新建' }, color: '#1677ff' },
        { value: 'working', label: { en: 'Working', 'zh-CN': '跟进中' }, color: '#faad14' },
        { value: 'qualified', label: { en: 'Qualified', 'zh-CN': '已确认' }, color: '#52c41a' },
      ],
    },
    { api_name: 'score', type: 'integer', label: { en: 'Score', 'zh-CN': '评分' } },
    { api_name: 'city', type: 'text', label: { en: 'City', 'zh-CN': '城市' } },
  ],
};

const SEED: Array<[string, string, string, number, string]> = [
  ['Ada Lovelace', 'Analytical Ltd', 'new', 80, 'London'],
  ['Grace Hopper', 'Cobol Corp', 'new', 90, 'New York'],
  ['Alan Turing', 'Enigma plc', 'working', 70, 'Manchester'],
  ['Katherine Johnson', 'Orbit Inc', 'working', 85, 'Hampton'],
  ['Linus Torvalds', 'Kernel Oy', 'qualified', 60, 'Helsinki'],
  ['Wang Xiaoming', '华为', 'new', 75, 'Shenzhen'],
];

const rows = () => page.locator('.ant-table-tbody .ant-table-row');
const rowNames = async () => (await rows().locator('td:nth-child(2)').allTextContents()).sort();
const headers = async () => (await page.locator('.ant-table-thead th').allTextContents()).filter((h) => h !== '');

/** The list's view picker. */
const viewPicker = () => selectLabelled(page, 'List view');

async function select(name: string): Promise<void> {
  await rows().filter({ hasText: name }).getByRole('checkbox', { name: 'Select this row' }).check();
}

async function filterStatusIs(value: string): Promise<void> {
  const builder = page.locator('.filter-builder');
  await clickUntil(page.getByRole('button', { name: 'Filters' }), builder);
  await clickUntil(page.getByRole('button', { name: 'Add condition' }), builder.locator('.filter-row'));
  await choose(selectLabelled(builder, 'Field'), 'Status');
  await choose(selectLabelled(builder, 'Value'), value);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/filter=/);
}

async function savedViews(): Promise<Array<Record<string, unknown>>> {
  const res = expectStatus(await t.request({ method: 'GET', url: '/api/views/lead' }), 200);
  return (res.json() as { items: Array<Record<string, unknown>> }).items.filter((v) => v.kind === 'saved');
}

/** The report of a mass action (an antd confirm), open and settled: not a previous report still closing. */
async function massReport(title: string): Promise<Locator> {
  await page.locator('.ant-modal-confirm-title', { hasText: title }).waitFor(POLL);
  return openedModal(page, title);
}

const ownView = async () => (await savedViews()).find((v) => v.name === 'New leads');

beforeAll(async () => {
  buildRuntimeUi();
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: LEAD }), 201);
  for (const [name, company, status, score, city] of SEED) leads.set(name, await createRecord(t, 'lead', { name, company, status, score, city }));
  // A colleague shares one view and keeps another private.
  const colleague = await adminCreateUser(t, { email: 'colleague@corp.test', name: 'Colleague', password: 'colleague password 1', is_admin: true });
  const { token } = await logIn(t, colleague.email, 'colleague password 1');
  for (const [name, shared] of [['Hot leads', true], ['Colleague private', false]] as const) {
    expectStatus(await t.request({ method: 'POST', url: '/api/views/lead', token, payload: { name, shared, columns: ['name', 'score'], sort: '-score', filter: { '>=': [{ var: 'score' }, 85] } } }), 201);
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base, { acceptDownloads: true }));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('list tools', () => {
  it('filters a list, saves it as a view and reopens it from the picker', async () => {
    await page.goto(`${base}/app/o/lead`);
    await page.getByRole('cell', { name: 'Ada Lovelace', exact: true }).waitFor();
    expect(await rows().count()).toBe(6);
    await filterStatusIs('New');
    await expect.poll(rowNames, POLL).toEqual(['Ada Lovelace', 'Grace Hopper', 'Wang Xiaoming']);
    await snap(page, 'list-01-filtered');

    await page.getByRole('button', { name: 'Save view' }).click();
    const dialog = await openedModal(page, 'Save as a new view');
    // Saving without a name is refused on the field (clicked again if the first click met the dialog's opening animation).
    await expect
      .poll(async () => {
        await dialog.getByRole('button', { name: 'Save' }).click();
        return dialog.getByText('Give the view a name').isVisible();
      }, POLL)
      .toBe(true);
    await dialog.getByLabel('Name').fill('New leads');
    await snap(page, 'list-02-save-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved_view=/);
    await page.getByText('View saved').waitFor();
    // The filter now lives in the view, not in the address.
    expect(page.url()).not.toContain('filter=');
    const view = await ownView();
    expect(view).toMatchObject({ name: 'New leads', shared: false, filter: { '==': [{ var: 'status' }, 'new'] } });

    await choose(viewPicker(), 'All records');
    await expect.poll(() => rows().count(), POLL).toBe(6);
    await choose(viewPicker(), 'New leads');
    await page.waitForURL(new RegExp(`saved_view=${String(view?.id)}`));
    await expect.poll(rowNames, POLL).toEqual(['Ada Lovelace', 'Grace Hopper', 'Wang Xiaoming']);
    await (await openSelect(viewPicker())).getByText('My views').waitFor();
    await snap(page, 'list-03-view-picker');
    await closeSelect(viewPicker());
  });

  it('chooses columns and their order, and the saved view remembers them', async () => {
    expect(await headers()).toEqual(['Name', 'Company', 'Status', 'Score', 'City']);
    const chooser = page.locator('.column-chooser');
    await clickUntil(page.getByRole('button', { name: 'Columns' }), chooser);
    await chooser.getByRole('checkbox', { name: 'Company' }).uncheck();
    await chooser.getByRole('button', { name: 'Move Score up' }).click();
    await snap(page, 'list-04-columns');
    await chooser.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/columns=/);
    await expect.poll(headers, POLL).toEqual(['Name', 'Score', 'Status', 'City']);

    // The view is the user's own: Save updates it.
    await page.getByRole('button', { name: 'Save view' }).click();
    const dialog = await openedModal(page, 'Save the view');
    await expect(dialog.getByLabel('Name').inputValue()).resolves.toBe('New leads');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', ...POLL });
    await expect.poll(async () => (await ownView())?.columns, POLL).toEqual(['name', 'score', 'status', 'city']);
    const view = await ownView();
    expect(view?.filter).toEqual({ '==': [{ var: 'status' }, 'new'] });

    // Reopened from a fresh page: the view's columns and filter.
    await page.goto(`${base}/app/o/lead?saved_view=${String(view?.id)}`);
    await page.getByRole('cell', { name: 'Grace Hopper', exact: true }).waitFor();
    expect(await headers()).toEqual(['Name', 'Score', 'Status', 'City']);
    expect(await rows().count()).toBe(3);
    await snap(page, 'list-05-view-reopened');
  });

  it('lists a colleague\'s shared view apart from the user\'s own, never their private one', async () => {
    const dropdown = await openSelect(viewPicker());
    expect(await dropdown.locator('.ant-select-item').allTextContents()).toEqual(['All records', 'Shared views', 'Hot leads', 'My views', 'New leads']);
    await choose(viewPicker(), 'Hot leads');
    await expect.poll(async () => rows().locator('td:nth-child(2)').allTextContents(), POLL).toEqual(['Grace Hopper', 'Katherine Johnson']);
    expect(await headers()).toEqual(['Name', 'Score']);
    await snap(page, 'list-05b-shared-view');
  });

  it('mass-updates a picklist, reporting the record someone changed meanwhile', async () => {
    await choose(viewPicker(), 'All records');
    await expect.poll(() => rows().count(), POLL).toBe(6);
    for (const name of ['Alan Turing', 'Katherine Johnson', 'Linus Torvalds']) await select(name);
    await page.getByText('3 selected').waitFor();
    // Linus's record changes after the list was read: its If-Match no longer holds.
    const linus = leads.get('Linus Torvalds') as ApiRecord;
    expectStatus(await t.request({ method: 'PATCH', url: `/api/records/lead/${linus.id}`, payload: { city: 'Portland' }, headers: { 'if-match': `"${linus.version}"` } }), 200);

    await page.getByRole('button', { name: 'Update field' }).click();
    const dialog = await openedModal(page, 'Update 3 records');
    await choose(selectLabelled(dialog, 'Field'), 'Status');
    await choose(selectLabelled(dialog, 'New value'), 'Qualified');
    await snap(page, 'list-06-mass-update');
    await dialog.getByRole('button', { name: 'Update' }).click();
    const report = await massReport('Updated 2 of 3 records');
    expect(await report.locator('.mass-failures li').allTextContents()).toEqual(['Linus Torvalds — changed by someone else meanwhile']);
    await snap(page, 'list-07-mass-update-report');
    await report.getByRole('button', { name: 'OK' }).click();

    const byName = new Map((await listPage(t, 'lead')).items.map((r) => [r.name, r]));
    expect(byName.get('Alan Turing')).toMatchObject({ status: 'qualified', version: 2 });
    expect(byName.get('Katherine Johnson')).toMatchObject({ status: 'qualified', version: 2 });
    // Refused, so untouched by the mass update: the other change stands.
    expect(byName.get('Linus Torvalds')).toMatchObject({ status: 'qualified', city: 'Portland', version: 2 });
    expect(byName.get('Ada Lovelace')).toMatchObject({ status: 'new', version: 1 });
    // The list shows the new values, and the selection is gone.
    await expect.poll(() => rows().filter({ hasText: 'Alan Turing' }).textContent(), POLL).toContain('Qualified');
    expect(await page.getByText('selected').count()).toBe(0);
  });

  it('mass-deletes after confirmation', async () => {
    await select('Alan Turing');
    await select('Katherine Johnson');
    await page.locator('.mass-bar').getByRole('button', { name: 'Delete' }).click();
    const confirm = await openedModal(page, 'Delete 2 records?');
    await snap(page, 'list-08-mass-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    const report = await massReport('Deleted 2 of 2 records');
    expect(await report.locator('.mass-failures').count()).toBe(0);
    await report.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => rows().count(), POLL).toBe(4);
    const names = (await listPage(t, 'lead')).items.map((r) => r.name);
    expect(names).not.toContain('Alan Turing');
    expect(names).not.toContain('Katherine Johnson');
    expect(names).toHaveLength(4);
  });

  it('exports the current view to CSV: the visible rows and columns', async () => {
    const view = await ownView();
    await page.goto(`${base}/app/o/lead?saved_view=${String(view?.id)}&sort=-score`);
    await page.getByRole('cell', { name: 'Grace Hopper', exact: true }).waitFor();
    await expect.poll(() => rows().count(), POLL).toBe(3);
    const visible = await rows().locator('td:nth-child(2)').allTextContents();
    expect(visible).toEqual(['Grace Hopper', 'Ada Lovelace', 'Wang Xiaoming']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lead.*\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('Name,Score,Status,City');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(visible);
    expect(csv).toContain('Grace Hopper,90,New,New York');
    expect(csv).not.toContain('Linus');
    await snap(page, 'list-09-exported');
  });

  it('shows an empty state with a way out, and a missing view as such', async () => {
    await page.getByPlaceholder('Search Leads').fill('nobody by this name');
    await page.getByPlaceholder('Search Leads').press('Enter');
    await page.getByText('No records match').waitFor(POLL);
    await snap(page, 'list-10-empty');
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => rows().count(), POLL).toBe(3);

    await page.goto(`${base}/app/o/lead?saved_view=0195f3c2-0000-7000-8000-000000000000`);
    await page.getByText('This view no longer exists').waitFor(POLL);
    await snap(page, 'list-11-missing-view');
    await page.getByRole('button', { name: 'Show all records' }).click();
    await expect.poll(() => rows().count(), POLL).toBe(4);
  });

  it('deletes the user\'s own view', async () => {
    const view = await ownView();
    await page.goto(`${base}/app/o/lead?saved_view=${String(view?.id)}`);
    await page.getByRole('cell', { name: 'Grace Hopper', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete view' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('View deleted').waitFor();
    await expect.poll(() => rows().count(), POLL).toBe(4);
    // Only the colleague's shared view is left.
    expect((await savedViews()).map((v) => v.name)).toEqual(['Hot leads']);
  });

  it('fits a 390-px phone and speaks Chinese', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/app/o/lead`);
    await page.evaluate("localStorage.setItem('tessera.locale', 'zh-CN')");
    await page.goto(`${base}/app/o/lead`);
    await page.getByRole('cell', { name: 'Grace Hopper', exact: true }).waitFor();
    await rows().filter({ hasText: 'Grace Hopper' }).getByRole('checkbox', { name: '选择此行' }).check();
    await page.getByText('已选 1 条').waitFor();
    await snap(page, 'list-12-phone-zh');
    for (const name of ['保存视图', /导出 CSV$/, '批量修改', '列']) expect(await page.getByRole('button', { name, exact: true }).isVisible(), String(name)).toBe(true);
    // Nothing pushes the page wider than the phone (the table scrolls inside itself).
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: '批量修改' }).click();
    await openedModal(page, '修改 1 条记录');
    await snap(page, 'list-13-phone-mass-update-zh');
    await page.evaluate("localStorage.removeItem('tessera.locale')");
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
