import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage, type ApiRecord } from '../support/record-helpers.ts';
import { adminCreateUser, expectStatus } from '../access/helpers.ts';
import { choose, clickUntil, openedModal } from '../support/antd.ts';
import { buildRuntimeUi, launchChromium, snap } from './browser.ts';

/**
 * The form's richer widgets in real Chromium against a real engine: the rich-text editor (bold, a
 * list, a paste whose script and image are dropped), the user picker for a rep who is not an admin,
 * mass update of a currency, a lookup and the owner, and a user working in Chinese who gets every
 * error in Chinese — the browser's own checks, the engine's 422 and a validation rule — and loses
 * nothing typed. Screenshots: tests/ui/screenshots/widgets-*.png.
 */

let t: TestEngine;
let browser: Browser;
let base: string;
let globex: ApiRecord;
let zhang: { id: string };

const POLL = { timeout: 20_000 };
const PASTED = '<p>Pasted <em>nicely</em></p><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><a href="javascript:window.__pwned = 3">bad link</a>';

const DEAL = {
  api_name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  plural_label: { en: 'Deals', 'zh-CN': '商机' },
  fields: [
    { api_name: 'code', type: 'text', label: { en: 'Code', 'zh-CN': '编号' }, max_length: 10 },
    { api_name: 'amount', type: 'currency', label: { en: 'Amount', 'zh-CN': '金额' } },
    { api_name: 'account', type: 'lookup', target: 'account', label: { en: 'Account', 'zh-CN': '客户' } },
    { api_name: 'reviewer', type: 'user', label: { en: 'Reviewer', 'zh-CN': '审核人' } },
    { api_name: 'notes', type: 'rich_text', label: { en: 'Notes', 'zh-CN': '备注' } },
  ],
  validation_rules: [{ api_name: 'real_code', field: 'code', active: true, condition: { '==': [{ var: 'code' }, 'TEST'] }, message: { en: 'Use a real code', 'zh-CN': '请使用真实的编号' } }],
};

/** A signed-in browser context; `chose` is the language chosen on this browser (the app's language menu). */
async function signedIn(email: string, password: string, chose?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  if (chose) await context.addInitScript({ content: `localStorage.setItem('tessera.locale', ${JSON.stringify(chose)})` });
  expect((await context.request.post(`${base}/api/auth/login`, { data: { email, password, tenant: t.tenant.slug } })).status()).toBe(200);
  return { context, page: await context.newPage() };
}

async function record(id: string): Promise<ApiRecord> {
  return expectStatus(await t.request({ method: 'GET', url: `/api/records/deal/${id}` }), 200).json() as ApiRecord;
}

beforeAll(async () => {
  buildRuntimeUi();
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account', label: { en: 'Account', 'zh-CN': '客户' }, plural_label: { en: 'Accounts', 'zh-CN': '客户' } } }), 201);
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: DEAL }), 201);
  await createRecord(t, 'account', { name: 'Acme Robotics' });
  globex = await createRecord(t, 'account', { name: 'Globex' });
  const rep = { api_name: 'rep', object_rights: { deal: { create: true, read: true, edit: true }, account: { read: true } }, data_scopes: { deal: 'all', account: 'all' } };
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: rep }), 201);
  await adminCreateUser(t, { email: 'rita@widgets.test', name: 'Rita Rep', password: 'rita password 1', roles: ['rep'] });
  await adminCreateUser(t, { email: 'lei@widgets.test', name: 'Li Lei', password: 'li lei password 1', roles: ['rep'] });
  zhang = await adminCreateUser(t, { email: 'wei.zhang@widgets.test', name: 'Zhang Wei', password: 'zhang password 1' });
  const retired = await adminCreateUser(t, { email: 'zhao.retired@widgets.test', name: 'Zhao Retired', password: 'zhao password 12' });
  expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${retired.id}`, payload: { active: false } }), 200);
  for (const name of ['Deal one', 'Deal two', 'Deal three', 'Deal four']) await createRecord(t, 'deal', { name, amount: { amount: 10, currency: 'CNY' } });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('form widgets', () => {
  it('edits rich text with bold and a list, drops a pasted script, and a rep picks a user by part of the name', async () => {
    const { context, page } = await signedIn('rita@widgets.test', 'rita password 1');
    await page.goto(`${base}/app/o/deal/new`);
    await page.getByRole('heading', { name: 'New Deal' }).waitFor(POLL);
    await page.locator('#root_name').fill('Rich deal');
    const editor = page.getByRole('textbox', { name: 'Notes' });
    await editor.click();
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Important');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' terms');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Bulleted list' }).click();
    await page.keyboard.type('first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // A paste from another page (the root tsconfig has no DOM types: the browser code is a string).
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/html', ${JSON.stringify(PASTED)});
      data.setData('text/plain', 'Pasted nicely');
      const editor = document.querySelector('[role="textbox"][aria-label="Notes"]');
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(() => editor.innerHTML(), POLL).toContain('<em>nicely</em>');
    expect(await editor.innerHTML()).not.toMatch(/script|<img|javascript:/);
    expect(await page.getByRole('button', { name: 'Bulleted list' }).getAttribute('aria-pressed')).toBe('false');

    // The user picker: only active colleagues, found by a part of the name, each with their email.
    await page.locator('[data-field="reviewer"] .ant-select').click();
    await page.keyboard.type('zh');
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allTextContents(), POLL).toEqual(['Zhang Weiwei.zhang@widgets.test']);
    await snap(page, 'widgets-01-rich-text-and-user-picker');
    await options.first().click();
    await expect.poll(() => page.locator('[data-field="reviewer"]').textContent(), POLL).toContain('Zhang Wei');
    await snap(page, 'widgets-02-form-filled');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Rich deal' }).waitFor(POLL);

    // The record page shows the formatting; what ran nowhere was never stored.
    const shown = page.locator('.rich-text');
    await shown.locator('b, strong', { hasText: 'Important' }).waitFor(POLL);
    expect(await shown.locator('li').allTextContents()).toEqual(['first', 'second']);
    await shown.locator('em', { hasText: 'nicely' }).waitFor();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await snap(page, 'widgets-03-record-page');
    const saved = (await listPage(t, 'deal')).items.find((d) => d.name === 'Rich deal') as ApiRecord;
    expect(saved.reviewer).toBe(zhang.id);
    // A typed space may be stored as a no-break space (&nbsp;): \s matches both.
    expect(saved.notes).toMatch(/^<p><(b|strong)>Important<\/(b|strong)>(\s|&nbsp;)terms<\/p><ul><li>first<\/li><li>second<\/li><\/ul>/);
    expect(saved.notes).not.toMatch(/script|<img|javascript:|onerror/);

    // Editing names the chosen user again, and the stored HTML comes back into the editor.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Deal' }).waitFor(POLL);
    await expect.poll(() => page.locator('[data-field="reviewer"]').textContent(), POLL).toContain('Zhang Wei');
    await page.getByRole('textbox', { name: 'Notes' }).locator('li', { hasText: 'second' }).waitFor();
    await context.close();
  });

  it('mass-updates a currency, a lookup and the owner of three selected rows', async () => {
    const { context, page } = await signedIn(t.adminEmail, t.adminPassword);
    await page.goto(`${base}/app/o/deal`);
    const rows = page.locator('.ant-table-tbody .ant-table-row');
    await rows.filter({ hasText: 'Deal four' }).waitFor(POLL);
    for (const name of ['Deal one', 'Deal two', 'Deal three']) await rows.filter({ hasText: name }).getByRole('checkbox', { name: 'Select this row' }).check();
    await page.getByText('3 selected').waitFor();

    const update = async (field: string, setValue: (dialog: Locator) => Promise<void>, shot: string) => {
      await page.getByRole('button', { name: 'Update field' }).click();
      // Acted on once it has finished zooming in: a click during the zoom can land on the mask and close it.
      const dialog = await openedModal(page, 'Update 3 records');
      await choose(dialog.getByLabel('Field', { exact: true }), field);
      await setValue(dialog);
      await snap(page, shot);
      await dialog.getByRole('button', { name: 'Update' }).click();
      const report = await openedModal(page, 'Updated 3 of 3 records');
      await clickUntil(report.getByRole('button', { name: 'OK' }), async () => (await page.locator('.ant-modal-confirm:visible').count()) === 0);
      for (const name of ['Deal one', 'Deal two', 'Deal three']) await rows.filter({ hasText: name }).getByRole('checkbox', { name: 'Select this row' }).check();
    };

    await update(
      'Amount',
      async (dialog) => {
        await choose(dialog.getByLabel('Currency'), 'USD');
        await dialog.getByLabel('New value').fill('5000');
      },
      'widgets-04-mass-currency',
    );
    await update(
      'Account',
      async (dialog) => {
        await choose(dialog.getByLabel('New value'), 'Globex', { search: 'Glo' });
      },
      'widgets-05-mass-lookup',
    );
    await update(
      'Owner',
      async (dialog) => {
        await choose(dialog.getByLabel('New value'), 'Zhang Wei', { search: 'wei' });
      },
      'widgets-06-mass-owner',
    );

    const byName = new Map((await listPage(t, 'deal')).items.map((r) => [r.name, r]));
    for (const name of ['Deal one', 'Deal two', 'Deal three']) expect(byName.get(name)).toMatchObject({ amount: { amount: 5000, currency: 'USD' }, account: globex.id, owner_id: zhang.id, version: 4 });
    expect(byName.get('Deal four')).toMatchObject({ amount: { amount: 10, currency: 'CNY' }, account: null, version: 1 });
    await context.close();
  });

  it('shows a Chinese user every error in Chinese — the browser’s, the engine’s and a rule’s — and keeps what was typed', async () => {
    // The engine's 422 carries a stable code and its params, which the app words in the user's language.
    const tooLong = expectStatus(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'x', code: 'ABCDEFGHIJKL' } }), 422).json() as { errors: Array<Record<string, unknown>> };
    expect(tooLong.errors).toEqual([expect.objectContaining({ field: 'code', code: 'maxLength', params: { limit: 10 } })]);

    // Li Lei's profile says English; on this browser he chose 中文, so the app (rules included) speaks Chinese.
    const { context, page } = await signedIn('lei@widgets.test', 'li lei password 1', 'zh-CN');
    await page.goto(`${base}/app/o/deal/new`);
    await page.getByRole('heading', { name: '新建商机' }).waitFor(POLL);
    await page.locator('#root_name').fill('Widget deal');
    await page.locator('#root_code').fill('ABCDEFGHIJKLMN');
    await page.locator('#root_amount').fill('300');
    await page.getByRole('textbox', { name: '备注' }).click();
    await page.keyboard.type('会议纪要：下周报价');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-field="code"]').getByText('最多 10 个字符').waitFor(POLL);
    await snap(page, 'widgets-07-zh-client-error');

    // A blank name and a rule's refusal come from the engine: both in Chinese, on their fields.
    await page.locator('#root_name').fill('   ');
    await page.locator('#root_code').fill('TEST');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/records/deal') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '保存' }).click();
    expect((await answered).status()).toBe(422);
    await page.locator('[data-field="name"]').getByText('为必填项').waitFor(POLL);
    await page.locator('[data-field="code"]').getByText('请使用真实的编号').waitFor();
    await page.getByText('部分字段需要修改').waitFor();
    await snap(page, 'widgets-08-zh-server-errors');
    expect(await page.locator('.ant-form-item-explain-error').allTextContents()).not.toContain('is required; a blank value does not count');
    await expect(page.locator('#root_amount').inputValue()).resolves.toBe('300');
    expect(await page.getByRole('textbox', { name: '备注' }).textContent()).toBe('会议纪要：下周报价');

    await page.locator('#root_name').fill('Widget deal');
    await page.locator('#root_code').fill('W-1');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: 'Widget deal' }).waitFor(POLL);
    await snap(page, 'widgets-09-zh-saved');
    const saved = (await listPage(t, 'deal')).items.find((d) => d.name === 'Widget deal') as ApiRecord;
    expect(saved).toMatchObject({ code: 'W-1', amount: { amount: 300, currency: 'CNY' } });
    expect(String(saved.notes)).toContain('会议纪要：下周报价');
    expect((await record(saved.id)).owner_id).toBeTruthy();
    await context.close();
  });
});
