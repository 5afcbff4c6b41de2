import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectStatus } from '../support/meta-helpers.ts';
import { adminCreateUser, logIn } from '../access/helpers.ts';
import { adminContext, buildRuntimeUi, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';
import { chooseIn, drag as dragWith, fieldNames, placedNames as sectionFields } from './drag-helpers.ts';

/**
 * The layout designer in real Chromium against a real engine: a layout built by dragging fields into
 * sections and columns, its field settings and a visibility rule, the live preview rendered by /app's form
 * (the rule works as one types in it), saved through its plan; /app's form then has the sections. A layout
 * for a role, and a rule naming an unknown field refused by the engine where it was written.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

const POLL = { timeout: 15_000 };
/** Steps of many drags and page loads: minutes on a busy 2-core machine. */
const LONG = 180_000;

interface Form {
  layout: { api_name: string; label: string; sections: Array<{ label: string; columns: number; fields: Array<{ field: string; read_only: boolean; required: boolean; visible_if?: unknown }> }> };
}

const section = (n: number) => page.locator(`.layout-section[data-section="${n}"]`);
const placed = (n: number) => section(n).locator('.placed-field');
const placedNames = (n: number) => sectionFields(page, n);
const preview = () => page.locator('.layout-preview .preview-form');

const drag = (from: () => Locator, to: () => Locator, took: () => Promise<boolean>) => dragWith(page, from, to, took);
const choose = (select: Locator, option: string, took: () => Promise<boolean>) => chooseIn(page, select, option, took);

/** Writes a rule of a placed field (its settings open) as raw JSON. */
async function writeRule(field: string, which: 'visible_if' | 'required_if', json: string): Promise<void> {
  const setting = page.locator(`[data-settings="${field}"] [data-rule="${which}"]`);
  const raw = setting.getByText('Raw JSON', { exact: true });
  if (await raw.count()) await raw.click();
  await setting.locator('textarea').fill(json);
}

async function openSettings(field: string): Promise<void> {
  const card = page.locator(`.placed-field[data-field="${field}"]`);
  if ((await card.getAttribute('class'))?.includes('is-open')) return;
  await card.getByRole('button', { name: /^Settings of/ }).click();
  await page.locator(`[data-settings="${field}"]`).waitFor();
}

async function reviewAndApply(): Promise<string> {
  const modal = page.locator('.ant-modal:visible', { hasText: 'Save the layouts' });
  await modal.locator('.plan-view').waitFor();
  const plan = (await modal.locator('.plan-view').textContent()) ?? '';
  await modal.getByRole('button', { name: 'Apply' }).click();
  await modal.waitFor({ state: 'hidden' });
  return plan;
}

async function formFor(token?: string): Promise<Form> {
  return (await expectStatus(t, 200, { method: 'GET', url: '/api/forms/lead?locale=en', ...(token ? { token } : {}) })).json() as Form;
}

beforeAll(async () => {
  buildDesigner();
  buildRuntimeUi();
  t = await startTestEngine();
  await expectStatus(t, 201, {
    method: 'POST',
    url: '/api/meta/objects',
    payload: {
      api_name: 'lead',
      label: { en: 'Lead', 'zh-CN': '线索' },
      plural_label: { en: 'Leads', 'zh-CN': '线索' },
      fields: [
        { api_name: 'stage', type: 'picklist', label: { en: 'Stage', 'zh-CN': '阶段' }, values: [{ value: 'open', label: { en: 'Open' } }, { value: 'lost', label: { en: 'Lost' } }] },
        { api_name: 'lost_reason', type: 'text', label: { en: 'Lost reason', 'zh-CN': '丢单原因' } },
        { api_name: 'competitor', type: 'text', label: { en: 'Competitor', 'zh-CN': '竞争对手' } },
        { api_name: 'budget', type: 'decimal', label: { en: 'Budget', 'zh-CN': '预算' } },
        { api_name: 'source', type: 'text', label: { en: 'Source', 'zh-CN': '来源' } },
      ],
    },
  });
  await expectStatus(t, 201, { method: 'POST', url: '/api/admin/roles', payload: { api_name: 'sales_rep', label: { en: 'Sales rep', 'zh-CN': '销售代表' }, object_rights: { lead: { create: true, edit: true } } } });
  await adminCreateUser(t, { email: 'rep@layouts.test', name: 'Rep', password: 'rep password 1', roles: ['sales_rep'] });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base, { height: 1000 }));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the layout designer', () => {
  it('builds a layout: two sections, fields dragged into sections and columns, reordered', async () => {
    await page.goto(`${base}/designer/o/lead`);
    await page.getByRole('tab', { name: 'Layouts' }).click();
    await page.getByText('No layouts yet').waitFor();
    await page.getByRole('button', { name: 'New layout' }).click();
    const modal = page.locator('.ant-modal:visible', { hasText: 'Layout' });
    await modal.getByLabel('Label (English)').fill('Sales desk');
    await modal.getByLabel('Label (中文)').fill('销售台');
    await expect.poll(() => modal.getByLabel('API name').inputValue(), POLL).toBe('sales_desk');
    await modal.getByRole('button', { name: 'Save' }).click();
    await modal.waitFor({ state: 'hidden' });
    await page.locator('.layouts-table').getByText('For everyone').waitFor();

    // Section 1 "Deal", two columns: Name dragged in, Stage added with the button.
    await page.getByLabel('Section 1 label (English)').fill('Deal');
    await page.getByLabel('Section 1 label (中文)').fill('商机');
    await section(0).getByText('2 columns').click();
    await drag(
      () => page.locator('.palette-item[data-field="name"] .drag-handle'),
      () => page.locator('[data-slot="end-0"]'),
      async () => JSON.stringify(await placedNames(0)) === '["name"]',
    );
    await choose(page.getByLabel('Add to Stage'), 'Deal', async () => JSON.stringify(await placedNames(0)) === '["name","stage"]');

    // Section 2 "Closing", two columns: Lost reason in the first column, Competitor dragged into the second, Budget after.
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByLabel('Section 2 label (English)').fill('Closing');
    await section(1).getByText('2 columns').click();
    for (const [field, after] of [['lost_reason', '["lost_reason"]'], ['competitor', '["lost_reason","competitor"]'], ['budget', '["lost_reason","competitor","budget"]']] as const) {
      await drag(
        () => page.locator(`.palette-item[data-field="${field}"] .drag-handle`),
        () => page.locator('[data-slot="end-1"]'),
        async () => JSON.stringify(await placedNames(1)) === after,
      );
    }
    // Competitor sits in the second column: right of Lost reason, on the same row.
    const [left, right] = [await placed(1).nth(0).boundingBox(), await placed(1).nth(1).boundingBox()];
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    expect(Math.abs(right!.y - left!.y)).toBeLessThan(4);

    // Reordered by dragging (Budget onto Lost reason takes its place), then back with the buttons.
    await drag(
      () => page.locator('.placed-field[data-field="budget"] .drag-handle'),
      () => page.locator('.placed-field[data-field="lost_reason"]'),
      async () => JSON.stringify(await placedNames(1)) === '["budget","lost_reason","competitor"]',
    );
    await page.getByRole('button', { name: 'Move Budget down' }).click();
    await page.getByRole('button', { name: 'Move Budget down' }).click();
    await expect.poll(() => placedNames(1), POLL).toEqual(['lost_reason', 'competitor', 'budget']);
    // A field dragged back to the palette leaves the layout; "Move to a section" moves one between sections.
    await drag(
      () => page.locator('.placed-field[data-field="stage"] .drag-handle'),
      () => page.locator('.field-palette .palette-items'),
      async () => (await page.locator('.palette-item[data-field="stage"]').count()) === 1,
    );
    await choose(page.getByLabel('Add to Stage'), 'Closing', async () => (await placedNames(1)).includes('stage'));
    await choose(page.getByLabel('Move Stage to a section'), 'Deal', async () => JSON.stringify(await placedNames(0)) === '["name","stage"]');
    expect(await placedNames(1)).toEqual(['lost_reason', 'competitor', 'budget']);
    expect(await fieldNames(page.locator('.palette-item'))).toEqual(['source']);
  }, LONG);

  it('sets read-only, required and a visibility rule; the live preview is /app\'s form and applies the rule as one types', async () => {
    await openSettings('budget');
    await page.locator('[data-settings="budget"]').getByText('Read-only', { exact: true }).click();
    await openSettings('stage');
    await page.locator('[data-settings="stage"]').getByText('Required', { exact: true }).click();
    await openSettings('competitor');
    await writeRule('competitor', 'visible_if', '{"!!": [{"var": "lost_reason"}]}');
    await page.locator('.placed-field[data-field="competitor"] .placed-field-tags').getByText('Visible if').waitFor();

    // The preview: the two sections as /app lays them out, Budget read-only, Stage required, Competitor hidden.
    await expect.poll(() => preview().locator('.form-section .ant-card-head-title').allTextContents(), POLL).toEqual(['Deal', 'Closing']);
    await expect.poll(() => preview().locator('[data-field="competitor"]').count(), POLL).toBe(0);
    await expect.poll(async () => (await preview().locator('[data-field="budget"] input').getAttribute('readonly')) !== null || (await preview().locator('[data-field="budget"] input').isDisabled()), POLL).toBe(true);
    expect(await preview().locator('[data-field="stage"] .ant-form-item-required').count()).toBe(1);
    await snap(page, 'layouts-01-editor-and-preview');
    // Typing in the preview shows the field; clearing hides it again.
    await preview().locator('[data-field="lost_reason"] input').fill('price');
    await preview().locator('[data-field="competitor"] input').waitFor();
    const [reason, rival] = [await preview().locator('[data-field="lost_reason"]').boundingBox(), await preview().locator('[data-field="competitor"]').boundingBox()];
    expect(rival!.x).toBeGreaterThan(reason!.x + 20);
    await snap(page, 'layouts-02-preview-rule-shown');
    await preview().locator('[data-field="lost_reason"] input').fill('');
    await expect.poll(() => preview().locator('[data-field="competitor"]').count(), POLL).toBe(0);
  }, LONG);

  it('saves through the plan: GET /api/forms/lead has the sections, and /app\'s form shows them', async () => {
    await page.getByRole('button', { name: 'Save layouts' }).click();
    expect(await reviewAndApply()).toContain('Metadata only');
    await expect.poll(() => page.getByText('Unsaved changes').count(), POLL).toBe(0);
    const form = await formFor();
    expect(form.layout.api_name).toBe('sales_desk');
    expect(form.layout.sections.map((s) => [s.label, s.columns, s.fields.map((f) => f.field)])).toEqual([
      ['Deal', 2, ['name', 'stage']],
      ['Closing', 2, ['lost_reason', 'competitor', 'budget']],
    ]);
    const fields = Object.fromEntries(form.layout.sections.flatMap((s) => s.fields).map((f) => [f.field, f]));
    expect(fields.budget).toMatchObject({ read_only: true });
    expect(fields.stage).toMatchObject({ required: true });
    expect(fields.competitor?.visible_if).toEqual({ '!!': [{ var: 'lost_reason' }] });

    const app = await context.newPage();
    try {
      await app.goto(`${base}/app/o/lead/new`);
      const sections = app.locator('.form-page .form-section');
      await expect.poll(() => sections.locator('.ant-card-head-title').allTextContents(), POLL).toEqual(['Deal', 'Closing']);
      expect(await app.locator('.form-page [data-field="competitor"]').count()).toBe(0);
      await app.locator('.form-page [data-field="lost_reason"] input').fill('timing');
      await app.locator('.form-page [data-field="competitor"] input').waitFor();
      await snap(app, 'layouts-03-app-form');
      await app.goto(`${base}/api/forms/lead?locale=en`);
      const pretty = app.getByLabel('Pretty-print');
      if (await pretty.count()) await pretty.check();
      await app.getByText('"sections"').first().waitFor();
      await snap(app, 'layouts-03b-forms-api');
    } finally {
      await app.close();
    }
  }, LONG);

  it('gives a layout to a role: a sales rep gets it, the admin keeps the one for everyone', async () => {
    await page.getByRole('button', { name: 'New layout' }).click();
    const modal = page.locator('.ant-modal:visible', { hasText: 'Layout' });
    await modal.getByLabel('Label (English)').fill('Rep view');
    await expect.poll(() => modal.getByLabel('API name').inputValue(), POLL).toBe('rep_view');
    await choose(modal.locator('.ant-select'), 'Sales rep (sales_rep)', async () => (await modal.locator('.ant-select-selection-item', { hasText: 'Sales rep' }).count()) === 1);
    await modal.getByRole('button', { name: 'Save' }).click();
    await modal.waitFor({ state: 'hidden' });
    await page.locator('.layouts-table tr', { hasText: 'rep_view' }).getByText('Sales rep').waitFor();
    await choose(page.getByLabel('Add to Name'), 'Section 1', async () => JSON.stringify(await placedNames(0)) === '["name"]');
    await choose(page.getByLabel('Add to Source'), 'Section 1', async () => JSON.stringify(await placedNames(0)) === '["name","source"]');
    await expect.poll(() => preview().getAttribute('data-layout'), POLL).toBe('rep_view');
    await snap(page, 'layouts-04-role-layout');
    await page.getByRole('button', { name: 'Save layouts' }).click();
    await reviewAndApply();
    await expect.poll(() => page.getByText('Unsaved changes').count(), POLL).toBe(0);

    const rep = await logIn(t, 'rep@layouts.test', 'rep password 1');
    const repForm = await formFor(rep.token);
    expect(repForm.layout.api_name).toBe('rep_view');
    expect(repForm.layout.sections[0]?.fields.map((f) => f.field)).toEqual(['name', 'source']);
    expect((await formFor()).layout.api_name).toBe('sales_desk');
  }, LONG);

  it('shows the engine\'s refusal of a rule naming an unknown field where the rule is written', async () => {
    await page.locator('.layouts-table tr', { hasText: 'sales_desk' }).getByRole('button', { name: 'Edit sales_desk' }).click();
    await expect.poll(() => preview().getAttribute('data-layout'), POLL).toBe('sales_desk');
    await openSettings('budget');
    await writeRule('budget', 'visible_if', '{"==": [{"var": "nope"}, 1]}');
    // The live check (the preview route) marks the rule, and the preview keeps the last good layout.
    const errors = page.locator('[data-settings="budget"] .rule-setting-visible_if .rule-errors');
    await errors.waitFor({ timeout: 15_000 });
    expect(await errors.textContent()).toContain('==.0.var');
    expect(await errors.textContent()).toContain('nope');
    await page.locator('.preview-stale').waitFor();
    await snap(page, 'layouts-05-bad-rule');
    // Saving is refused by the engine too, at the same place; nothing is saved.
    await page.getByRole('button', { name: 'Save layouts' }).click();
    await page.locator('.save-problems').waitFor();
    expect(await page.locator('.ant-modal:visible').count()).toBe(0);
    expect(await page.locator('.layouts-table tr', { hasText: 'sales_desk' }).textContent()).toMatch(/1 problem/);
    const saved = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/lead' })).json() as { layouts: Array<{ sections: Array<{ fields: Array<Record<string, unknown>> }> }> };
    expect(saved.layouts[0]?.sections[1]?.fields[2]).toEqual({ field: 'budget', read_only: true });
    // Discarding brings back what is saved.
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.locator('[data-settings="budget"] .rule-errors').count(), POLL).toBe(0);
  }, LONG);

  it('speaks Chinese: the editor, the section labels and the preview in 中文', async () => {
    await page.locator('.designer-header').getByText('中文', { exact: true }).click();
    await page.getByRole('button', { name: '新建布局' }).waitFor();
    await page.getByText('未放入布局的字段').waitFor();
    await expect.poll(() => preview().locator('.form-section .ant-card-head-title').first().textContent(), POLL).toBe('商机');
    await snap(page, 'layouts-06-chinese');
    await page.locator('.designer-header').getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'New layout' }).waitFor();
  }, LONG);
});
