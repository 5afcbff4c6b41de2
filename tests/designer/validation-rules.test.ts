import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, expectStatus } from '../support/meta-helpers.ts';
import { adminContext, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';
import { POLL, apply, openedReview } from './admin-session.ts';
import { choose, clickUntil, openedDrawer, selectLabelled } from '../support/antd.ts';

/**
 * Validation rules and rule previews in the designer, in real Chromium against a real engine: a rule built
 * visually ("amount > 1000 and stage is won"), tested against sample records, saved through its plan, then
 * enforced by the record API; made inactive; a raw JSON rule naming an unknown field gets the engine's error
 * at its path; and a formula's preview shows the value PostgreSQL computes for a real record.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let bigId: string;

interface Deal {
  validation_rules?: Array<{ api_name: string; condition: unknown; message: Record<string, string>; field?: string; active: boolean }>;
}

const dealMeta = async () => (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/deal' })).json() as Deal;
/** The rule drawer while it is open (never one that is closing). */
const drawer = () => page.locator('.ant-drawer-open .ant-drawer-section');

beforeAll(async () => {
  buildDesigner();
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'account',
    label: { en: 'Account' },
    fields: [{ api_name: 'industry', type: 'picklist', label: { en: 'Industry' }, values: [{ value: 'bank', label: { en: 'Bank' } }, { value: 'retail', label: { en: 'Retail' } }] }],
  });
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'amount', type: 'decimal', label: { en: 'Amount' }, precision: 12, scale: 2 },
      { api_name: 'stage', type: 'picklist', label: { en: 'Stage' }, values: [{ value: 'new', label: { en: 'New' } }, { value: 'won', label: { en: 'Won' } }] },
      { api_name: 'customer', type: 'lookup', label: { en: 'Customer' }, target: 'account', on_delete: 'set_null' },
    ],
  });
  const acme = await createRecord(t, 'account', { name: 'Acme', industry: 'bank' });
  bigId = (await createRecord(t, 'deal', { name: 'Big deal', amount: 1500, stage: 'won', customer: acme.id })).id;
  await createRecord(t, 'deal', { name: 'Small deal', amount: 200, stage: 'won' });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('validation rules in the designer', () => {
  it('builds "amount > 1000 and stage is won" visually', async () => {
    await page.goto(`${base}/designer/o/deal`);
    await clickUntil(page.getByRole('tab', { name: 'Validation rules' }), page.getByText('No validation rules yet'));
    await clickUntil(page.getByRole('button', { name: 'Add rule' }), drawer().getByText('New validation rule'));
    const d = await openedDrawer(page, 'New validation rule');
    await d.getByLabel('API name').fill('big_won_deal');
    await d.getByRole('button', { name: 'All conditions: + Condition' }).click();
    await choose(selectLabelled(d, 'Condition 1 Field'), 'Amount');
    await choose(selectLabelled(d, 'Condition 1 Operator'), '>');
    await d.getByLabel('Condition 1 Value').fill('1000');
    await d.getByRole('button', { name: 'All conditions: + Condition' }).click();
    await choose(selectLabelled(d, 'Condition 2 Field'), 'Stage');
    await choose(selectLabelled(d, 'Condition 2 Operator'), 'is');
    await choose(selectLabelled(d, 'Condition 2 Value'), 'Won');
    await d.locator('.rule-preview-json', { hasText: '{"and":[{">":[{"var":"amount"},1000]},{"==":[{"var":"stage"},"won"]}]}' }).waitFor(POLL);
    await snap(page, 'rules-01-visual-builder');
  });

  it('tests the rule against sample records: refused, then accepted', async () => {
    const d = drawer();
    await d.getByLabel('Message (English)').fill('Big won deals need approval');
    await d.getByLabel('Message (Chinese)').fill('大额赢单需要审批');
    await choose(selectLabelled(d, 'Sample record'), 'Big deal');
    // Found by its text: after a run antd can leave the button's (invisible) loading icon in the page on a busy
    // machine, and its accessible name stays "loading Test" until that icon's leave animation ends.
    const test = d.getByRole('button').filter({ hasText: /^Test$/ });
    await clickUntil(test, d.locator('.rule-test-result', { hasText: 'Saving Big deal would be refused' }));
    expect(await d.locator('.rule-test-result').textContent()).toContain('Big won deals need approval');
    await snap(page, 'rules-02-test-refused');
    await choose(selectLabelled(d, 'Sample record'), 'Small deal');
    await clickUntil(test, d.locator('.rule-test-result', { hasText: 'Saving Small deal would be accepted' }));
  });

  it('saves it through the plan review; the record API then refuses a deal that breaks it', async () => {
    const d = drawer();
    await choose(selectLabelled(d, 'Show the message at'), 'Amount (amount)');
    await d.getByRole('button', { name: 'Save' }).click();
    const { modal, plan } = await openedReview(page, 'Save the validation rules');
    expect(plan).toMatch(/no table or column changes|metadata only/i);
    await snap(page, 'rules-03-review');
    await apply(modal);
    await expect.poll(() => drawer().count(), POLL).toBe(0);
    await page.locator('.validation-rules .ant-table-row', { hasText: 'big_won_deal' }).waitFor(POLL);
    expect(await page.locator('.validation-rules .ant-table-row').textContent()).toContain('Big won deals need approval');
    await snap(page, 'rules-04-list');

    const rules = (await dealMeta()).validation_rules ?? [];
    expect(rules).toEqual([
      {
        api_name: 'big_won_deal',
        condition: { and: [{ '>': [{ var: 'amount' }, 1000] }, { '==': [{ var: 'stage' }, 'won'] }] },
        message: { en: 'Big won deals need approval', 'zh-CN': '大额赢单需要审批' },
        field: 'amount',
        active: true,
      },
    ]);
    const refused = await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'Huge', amount: 5000, stage: 'won' } });
    expect(refused.statusCode).toBe(422);
    expect((refused.json() as { errors: unknown[] }).errors).toEqual([{ field: 'amount', message: 'Big won deals need approval', code: 'big_won_deal' }]);
    expect((await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'Huge but new', amount: 5000, stage: 'new' } })).statusCode).toBe(201);
  });

  it('makes the rule inactive from the list; the API then accepts the deal', async () => {
    const row = page.locator('.validation-rules .ant-table-row', { hasText: 'big_won_deal' });
    await row.getByRole('switch', { name: 'Active: big_won_deal' }).click();
    const { modal } = await openedReview(page, 'Deactivate the validation rule big_won_deal');
    await apply(modal);
    await expect.poll(async () => (await dealMeta()).validation_rules?.[0]?.active, POLL).toBe(false);
    await expect.poll(() => row.getByRole('switch').getAttribute('aria-checked'), POLL).toBe('false');
    expect((await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'Huge', amount: 5000, stage: 'won' } })).statusCode).toBe(201);
    await snap(page, 'rules-05-inactive');
  });

  it('opens the saved rule visually, and shows the engine’s error at its path for a raw JSON rule with an unknown field', async () => {
    await clickUntil(page.getByRole('button', { name: 'Edit big_won_deal' }), drawer().getByText('Validation rule big_won_deal'));
    const d = await openedDrawer(page, 'Validation rule big_won_deal');
    // The saved rule reads back into the visual builder.
    expect(await d.getByLabel('Condition 1 Value').inputValue()).toBe('1000');
    await d.getByText('Raw JSON', { exact: true }).click();
    const json = d.getByLabel('Rule as JSON');
    await json.fill('{"and": [{">": [{"var": "amount"}, 1000]}, {"==": [{"var": "nope"}, 1]}]}');
    // It cannot be shown visually (an unknown field): switching back keeps it raw, and says so.
    await d.getByText('Visual', { exact: true }).click();
    await d.getByText('This rule uses parts the visual builder cannot show').waitFor(POLL);
    await d.getByRole('button', { name: 'Save' }).click();
    await d.locator('.rule-errors', { hasText: 'and.1.==.0.var' }).waitFor(POLL);
    expect(await d.locator('.rule-errors').textContent()).toMatch(/nope/);
    expect(await page.locator('.ant-modal:visible').count()).toBe(0);
    await snap(page, 'rules-06-raw-error');
    // Not JSON: said at once, and the rule is not replaced.
    await json.fill('{"and": [');
    await d.locator('.rule-parse-error').waitFor(POLL);
    await d.locator('.ant-drawer-close').click();
    await expect.poll(() => drawer().count(), POLL).toBe(0);
    expect((await dealMeta()).validation_rules?.[0]?.condition).toEqual({ and: [{ '>': [{ var: 'amount' }, 1000] }, { '==': [{ var: 'stage' }, 'won'] }] });
  });
});

describe('the rule builder', () => {
  it('shows a nested rule with NOT, lookups and date ranges visually, and gives it back unchanged', async () => {
    await page.goto(`${base}/designer/o/deal`);
    await clickUntil(page.getByRole('tab', { name: 'Validation rules' }), page.getByRole('button', { name: 'Add rule' }));
    await clickUntil(page.getByRole('button', { name: 'Add rule' }), drawer().getByText('New validation rule'));
    const d = await openedDrawer(page, 'New validation rule');
    await d.getByText('Raw JSON', { exact: true }).click();
    const rule = {
      or: [
        { in: [{ var: 'customer.industry' }, ['bank', 'retail']] },
        { '!': { and: [{ '<=': [{ date_add: [{ now: [] }, -30, 'day'] }, { var: 'created_at' }, { now: [] }] }, { '==': [{ var: 'owner_id' }, { current_user: [] }] }] } },
      ],
    };
    await d.getByLabel('Rule as JSON').fill(JSON.stringify(rule));
    await d.getByText('Visual', { exact: true }).click();
    await d.getByRole('combobox', { name: 'Condition 2.1 Operator' }).waitFor(POLL);
    const text = (await d.locator('.rule-group').first().textContent()) ?? '';
    for (const words of ['Customer › Industry', 'is any of', 'Created at', 'within the last', 'is the current user', 'Any (OR)']) expect(text).toContain(words);
    expect(await d.getByLabel('Condition 2.1 days').inputValue()).toBe('30');
    expect(await d.getByRole('checkbox', { name: 'Group 2: Not this group' }).isChecked()).toBe(true);
    expect(JSON.parse((await d.locator('.rule-preview-json').textContent()) ?? '')).toEqual(rule);
    await snap(page, 'rules-07-nested-visual');
    await d.locator('.ant-drawer-close').click();
    await expect.poll(() => drawer().count(), POLL).toBe(0);
  });
});

describe('the formula preview', () => {
  // The route FormulaSettings calls, with the body it sends (the field editor's formula test in fields.test.ts
  // drives the same preview in Chromium).
  it('gives the value PostgreSQL computes for a real record, through a lookup, and the error at its path', async () => {
    const body = { kind: 'formula', return_type: 'text', record_id: bigId, rule: { cat: [{ var: 'name' }, ' / ', { var: 'customer.industry' }, ' / ', { '*': [{ var: 'amount' }, 2] }] } };
    const preview = await t.request({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: body });
    expect(preview.json()).toEqual({ record: { id: bigId, name: 'Big deal' }, value: 'Big deal / bank / 3000', js_value: 'Big deal / bank / 3000' });
    const wrong = await t.request({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: { ...body, rule: { cat: [{ var: 'name' }, { var: 'customer.nope' }] } } });
    expect(wrong.statusCode).toBe(422);
    expect((wrong.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['rule.cat.1.var']);
  });
});
