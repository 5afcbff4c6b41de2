import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage } from '../support/record-helpers.ts';
import { expectStatus } from '../support/meta-helpers.ts';
import { adminContext, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';
import { apply, openedReview, POLL } from './admin-session.ts';
import { choose, clickUntil, openedDrawer, selectLabelled, selectOptions } from '../support/antd.ts';

/**
 * The field editor in real Chromium against a real engine: editing an existing field (only what changed is
 * sent), a type change blocked by a row that would not convert until it is fixed, picklist values
 * reordered by dragging, a roll-up computed on real child records, a default value used by a new record,
 * and an archived field restored.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const ids: Record<string, string> = {};

type Field = Record<string, unknown> & { api_name: string; type: string; archived?: boolean };

async function field(object: string, name: string): Promise<Field | undefined> {
  const def = (await expectStatus(t, 200, { method: 'GET', url: `/api/meta/objects/${object}` })).json() as { fields: Field[] };
  return def.fields.find((f) => f.api_name === name);
}

async function record(object: string, id: string): Promise<Record<string, unknown>> {
  return (await expectStatus(t, 200, { method: 'GET', url: `/api/records/${object}/${id}` })).json() as Record<string, unknown>;
}

/** The field editor drawer while it is open (never one that is closing). */
function drawer(): Locator {
  return page.locator('.ant-drawer-open .ant-drawer-section');
}

/** Opens the editor of field `name`; returns its drawer once it has finished sliding in. */
async function openEditor(name: string): Promise<Locator> {
  await clickUntil(page.getByRole('button', { name: `Edit ${name}`, exact: true }), drawer().getByText('The API name never changes.'));
  return openedDrawer(page, 'The API name never changes.');
}

/** Opens the new-field drawer; returns it once it has finished sliding in. */
async function openNewField(): Promise<Locator> {
  await clickUntil(page.getByRole('button', { name: 'Add field' }), drawer().getByText('New field on account'));
  return openedDrawer(page, 'New field on account');
}

async function review(title: string): Promise<{ modal: Locator; plan: string }> {
  await drawer().getByRole('button', { name: 'Review', exact: true }).click();
  return openedReview(page, title);
}

async function drawerClosed(): Promise<void> {
  await expect.poll(() => drawer().count(), POLL).toBe(0);
}

beforeAll(async () => {
  buildDesigner();
  t = await startTestEngine();
  await expectStatus(t, 201, {
    method: 'POST',
    url: '/api/meta/objects',
    payload: {
      api_name: 'account',
      label: { en: 'Account', 'zh-CN': '客户' },
      fields: [
        { api_name: 'note', type: 'text', label: { en: 'Note' } },
        { api_name: 'qty', type: 'text', label: { en: 'Quantity' } },
        {
          api_name: 'stage',
          type: 'picklist',
          label: { en: 'Stage' },
          values: [
            { value: 'new', label: { en: 'New' }, color: '#1677ff' },
            { value: 'won', label: { en: 'Won' }, color: '#52c41a' },
            { value: 'lost', label: { en: 'Lost' }, color: '#ff4d4f' },
          ],
        },
      ],
    },
  });
  await expectStatus(t, 201, {
    method: 'POST',
    url: '/api/meta/objects',
    payload: {
      api_name: 'invoice',
      label: { en: 'Invoice', 'zh-CN': '发票' },
      fields: [
        { api_name: 'account', type: 'lookup', target: 'account', label: { en: 'Account' } },
        { api_name: 'amount', type: 'decimal', label: { en: 'Amount' } },
        { api_name: 'status', type: 'picklist', label: { en: 'Status' }, values: [{ value: 'paid', label: { en: 'Paid' } }, { value: 'open', label: { en: 'Open' } }] },
      ],
    },
  });
  ids.acme = (await createRecord(t, 'account', { name: 'Acme', qty: '12', note: 'key account' })).id;
  ids.globex = (await createRecord(t, 'account', { name: 'Globex', qty: 'abc' })).id;
  for (const [amount, status] of [[100, 'paid'], [50.5, 'open'], [20.25, 'paid']] as const) await createRecord(t, 'invoice', { name: `INV ${amount}`, account: ids.acme, amount, status });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(`${base}/designer/o/account`);
  await page.getByRole('cell', { name: 'qty', exact: true }).waitFor(POLL);
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the field editor', () => {
  it("edits an existing field's label and flags, sending only what changed", async () => {
    const sent: unknown[] = [];
    const listen = (request: { method(): string; url(): string; postDataJSON(): unknown }) => {
      if (request.method() === 'PATCH' && request.url().endsWith('/api/meta/objects/account/fields/note')) sent.push(request.postDataJSON());
    };
    page.on('request', listen);
    const editor = await openEditor('note');
    expect(await editor.getByLabel('Label (English)').inputValue()).toBe('Note');
    await editor.getByLabel('Label (English)').fill('Internal note');
    await editor.getByLabel('Label (中文)').fill('内部备注');
    await editor.getByText('Indexed', { exact: true }).click();
    await editor.getByText('Audited (keep a history of changes)').click();
    await editor.getByLabel('Help text (English)').fill('Only for the account team');
    await snap(page, 'fields-01-edit-field');
    const { modal, plan } = await review('Change the field');
    expect(plan).toContain('indexes "account.note"');
    await apply(modal);
    await drawerClosed();
    page.off('request', listen);
    expect(sent).toEqual([{ label: { en: 'Internal note', 'zh-CN': '内部备注' }, help_text: { en: 'Only for the account team' }, indexed: true, audited: true }]);
    expect(await field('account', 'note')).toMatchObject({ type: 'text', label: { en: 'Internal note', 'zh-CN': '内部备注' }, indexed: true, audited: true });
    await page.getByRole('cell', { name: 'Internal note', exact: true }).waitFor(POLL);
    expect((await record('account', ids.acme as string)).note).toBe('key account');
  });

  it('offers only safe type changes; text → integer shows "1 row will not convert" and cannot apply until the row is fixed', async () => {
    const editor = await openEditor('qty');
    const offered = await selectOptions(selectLabelled(editor, 'Type'));
    expect(offered).toContain('Integer');
    expect(offered).toContain('Date');
    expect(offered).not.toContain('Lookup (relationship)');
    expect(offered).not.toContain('Checkbox (yes/no)');
    await choose(selectLabelled(editor, 'Type'), 'Integer');
    await editor.getByLabel('Minimum').fill('0');
    const { modal, plan } = await review('Change the field');
    expect(plan).toContain('converts "account.qty" from text to integer');
    await modal.locator('.plan-check', { hasText: '1 row will not convert ("account.qty" to integer)' }).waitFor();
    expect(await modal.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await snap(page, 'fields-02-type-change-blocked');
    expect((await field('account', 'qty'))?.type).toBe('text');

    // The admin fixes the record, then checks again: nothing blocks any more.
    await expectStatus(t, 200, { method: 'PATCH', url: `/api/records/account/${ids.globex}`, payload: { qty: '7' } });
    await modal.getByRole('button', { name: 'Check again' }).click();
    await modal.locator('.plan-check', { hasText: '0 rows will not convert' }).waitFor(POLL);
    await expect.poll(() => modal.getByRole('button', { name: 'Apply' }).isDisabled(), POLL).toBe(false);
    await apply(modal);
    await drawerClosed();
    expect(await field('account', 'qty')).toMatchObject({ type: 'integer', min: 0 });
    expect([(await record('account', ids.acme as string)).qty, (await record('account', ids.globex as string)).qty]).toEqual([12, 7]);
  });

  it('reorders picklist values by dragging (and with the arrow buttons); the order is saved', async () => {
    const editor = await openEditor('stage');
    // Drag "lost" (row 3) by its handle onto row 1; retried if a busy machine lets the drop miss.
    for (let attempt = 1; ; attempt++) {
      const from = await editor.getByLabel('Drag value 3').boundingBox();
      const to = await editor.locator('.picklist-row').first().boundingBox();
      if (!from || !to) throw new Error('picklist rows not on screen');
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
      await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 15 });
      await page.mouse.up();
      try {
        await expect.poll(() => editor.getByLabel('Value 1', { exact: true }).inputValue(), { timeout: 5000 }).toBe('lost');
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    expect(await editor.getByLabel('Value 2', { exact: true }).inputValue()).toBe('new');
    // The keyboard way: "won" up one place.
    await editor.getByRole('button', { name: 'Move value 3 up' }).click();
    expect(await editor.getByLabel('Value 2', { exact: true }).inputValue()).toBe('won');
    // Deactivate "new": kept on records, no longer offered.
    await editor.getByLabel('Value 3 active').uncheck();
    await snap(page, 'fields-03-picklist-reordered');
    const { modal } = await review('Change the field');
    await apply(modal);
    await drawerClosed();
    const values = ((await field('account', 'stage'))?.values ?? []) as Array<{ value: string; order?: number; active?: boolean; color?: string }>;
    const ordered = [...values].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    expect(ordered.map((v) => v.value)).toEqual(['lost', 'won', 'new']);
    expect(ordered.map((v) => [v.color, v.active ?? true])).toEqual([['#ff4d4f', true], ['#52c41a', true], ['#1677ff', false]]);
    await page.locator('tr', { hasText: 'stage' }).getByText('Lost').waitFor(POLL);
  });

  it('creates a roll-up that sums real child records, with a filter, and follows them', async () => {
    const editor = await openNewField();
    await choose(selectLabelled(editor, 'Type'), 'Roll-up summary');
    await editor.getByLabel('Label (English)').fill('Paid total');
    await choose(selectLabelled(editor, 'Child object'), 'Invoice');
    await editor.locator('.ant-select', { hasText: 'Account (account)' }).waitFor(POLL);
    await choose(selectLabelled(editor, 'Function'), 'Sum');
    await choose(selectLabelled(editor, 'Field summarised'), 'Amount (amount)');
    const filter = editor.locator('.rule-builder');
    await filter.getByText('Raw JSON', { exact: true }).click();
    await filter.getByRole('textbox').fill('{"==": [{"var": "status"}, "paid"]}');
    await editor.getByText('Available.').waitFor(POLL);
    await snap(page, 'fields-04-rollup-editor');
    const { modal, plan } = await review('Add the field');
    expect(plan).toContain('computes the roll-up "account.paid_total"');
    await apply(modal);
    await drawerClosed();
    expect(await field('account', 'paid_total')).toMatchObject({ type: 'rollup', child_object: 'invoice', via: 'account', function: 'sum', field: 'amount', filter: { '==': [{ var: 'status' }, 'paid'] } });
    expect((await record('account', ids.acme as string)).paid_total).toBe(120.25);
    await createRecord(t, 'invoice', { name: 'INV 9', account: ids.acme, amount: 9.75, status: 'paid' });
    expect((await record('account', ids.acme as string)).paid_total).toBe(130);
    expect((await record('account', ids.globex as string)).paid_total).toBe(0);
  });

  it('sets a default value that a new record gets', async () => {
    const editor = await openNewField();
    await choose(selectLabelled(editor, 'Type'), 'Integer');
    await editor.getByLabel('Label (English)').fill('Priority');
    await editor.getByText('A value', { exact: true }).click();
    await editor.getByLabel('Default value').fill('3');
    await editor.getByText('Available.').waitFor(POLL);
    await snap(page, 'fields-05-default-value');
    const { modal } = await review('Add the field');
    await apply(modal);
    await drawerClosed();
    expect(await field('account', 'priority')).toMatchObject({ type: 'integer', default: 3 });
    expect((await createRecord(t, 'account', { name: 'Initech' })).priority).toBe(3);
    expect((await createRecord(t, 'account', { name: 'Umbrella', priority: 1 })).priority).toBe(1);
  });

  it('builds a formula visually — if Stage is Won then Priority × 10, otherwise Priority — previews it and computes it on records', async () => {
    const editor = await openNewField();
    await choose(selectLabelled(editor, 'Type'), 'Formula');
    await editor.getByLabel('Label (English)').fill('Priority score');
    await choose(editor.getByLabel('Expression', { exact: true }), 'If … then … otherwise');
    await clickUntil(editor.getByRole('button', { name: 'Group Expression When: + Condition' }), editor.getByLabel('Condition Expression When.1 Field'));
    await choose(editor.getByLabel('Condition Expression When.1 Field'), 'Stage');
    await choose(editor.getByLabel('Condition Expression When.1 Value'), 'Won');
    await choose(editor.getByLabel('Expression Then', { exact: true }), 'Multiply (×)');
    await choose(editor.getByLabel('Expression Then.1', { exact: true }), 'Field');
    await choose(editor.getByLabel('Expression Then.1 Field'), 'Priority');
    await choose(editor.getByLabel('Expression Then.2', { exact: true }), 'Value');
    await editor.getByLabel('Expression Then.2 Value').fill('10');
    await choose(editor.getByLabel('Expression Otherwise', { exact: true }), 'Field');
    await choose(editor.getByLabel('Expression Otherwise Field'), 'Priority');
    const expected = { if: [{ '==': [{ var: 'stage' }, 'won'] }, { '*': [{ var: 'priority' }, 10] }, { var: 'priority' }] };
    // The JSON it writes is shown under the builder, and the raw view holds the same rule.
    await expect.poll(() => editor.locator('.rule-preview-json').textContent(), POLL).toBe(JSON.stringify(expected));
    // The preview: the value PostgreSQL computes for the latest record (Umbrella: priority 1, no stage).
    await expect.poll(() => editor.locator('.formula-preview').textContent(), POLL).toBe('Sample recordUmbrellaValue1');
    await snap(page, 'fields-05b-formula-builder');
    await editor.getByText('Raw JSON', { exact: true }).click();
    expect(JSON.parse(await editor.getByLabel('Rule as JSON').inputValue())).toEqual(expected);
    await editor.getByText('Visual', { exact: true }).click();
    await editor.getByLabel('Expression Then.2 Value').waitFor(POLL);
    await editor.getByText('Available.').waitFor(POLL);
    const { modal, plan } = await review('Add the field');
    expect(plan).toContain('Metadata only');
    await apply(modal);
    await drawerClosed();
    expect(await field('account', 'priority_score')).toMatchObject({ type: 'formula', return_type: 'number', expression: expected });
    expect((await createRecord(t, 'account', { name: 'Hooli', priority: 4, stage: 'won' })).priority_score).toBe(40);
    expect((await createRecord(t, 'account', { name: 'Pied Piper', priority: 4, stage: 'lost' })).priority_score).toBe(4);

    // A formula written as JSON-logic in the raw view, and one the builder cannot show, which stays raw.
    const raw = await openNewField();
    await choose(selectLabelled(raw, 'Type'), 'Formula');
    await raw.getByLabel('Label (English)').fill('Double priority');
    await raw.getByText('Raw JSON', { exact: true }).click();
    const expression = raw.getByLabel('Rule as JSON');
    await expression.fill('{"*": [{"var": "priority"}');
    await raw.getByText('Not valid JSON').waitFor(POLL);
    await expression.fill('{"reduce": [[1, 2], {"+": [{"var": "current"}, {"var": "accumulator"}]}, {"var": "priority"}]}');
    await raw.getByText('Visual', { exact: true }).click();
    await raw.getByText('This rule uses parts the visual builder cannot show').waitFor(POLL);
    await expression.fill('{"*": [{"var": "priority"}, 2]}');
    await raw.getByText('Visual', { exact: true }).click();
    await expect.poll(() => raw.getByLabel('Expression', { exact: true }).locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').textContent(), POLL).toContain('Multiply');
    await raw.getByText('Available.').waitFor(POLL);
    await apply((await review('Add the field')).modal);
    await drawerClosed();
    expect(await field('account', 'double_priority')).toMatchObject({ type: 'formula', return_type: 'number', expression: { '*': [{ var: 'priority' }, 2] } });
    expect((await createRecord(t, 'account', { name: 'Hooli XYZ', priority: 4 })).double_priority).toBe(8);
  });

  it('restores an archived field with its values', async () => {
    await page.getByRole('button', { name: 'Archive qty' }).click();
    await apply((await openedReview(page, 'Archive the field')).modal);
    await expect.poll(() => page.getByRole('cell', { name: 'qty', exact: true }).count(), POLL).toBe(0);
    expect((await field('account', 'qty'))?.archived).toBe(true);
    await page.getByText('1 archived field').click();
    await page.getByRole('button', { name: 'Restore qty' }).waitFor(POLL);
    await snap(page, 'fields-06-archived-fields');
    await page.getByRole('button', { name: 'Restore qty' }).click();
    await apply((await openedReview(page, 'Restore the field')).modal);
    await page.getByRole('button', { name: 'Edit qty', exact: true }).waitFor(POLL);
    expect((await field('account', 'qty'))?.archived).toBeFalsy();
    const quantities = (await listPage(t, 'account', { sort: 'name' })).items.map((r) => r.qty);
    expect(quantities.slice(0, 2)).toEqual([12, 7]);
  });
});
