import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage } from '../support/record-helpers.ts';
import { expectProblem, expectStatus, loginNonAdmin } from '../support/meta-helpers.ts';
import { buildRuntimeUi, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';
import { drag, placedNames } from './drag-helpers.ts';
import { choose as chooseOption, clickUntil, closeSelect, openedModal, openSelect, selectLabelled } from '../support/antd.ts';

/**
 * The designer in real Chromium against a real engine: an admin creates an object and its fields, relates
 * objects on the ER canvas, sees each change's plan before applying it, adds a picklist to Lead and places it
 * on a layout (then /app's form and list filter in the same browser have it, as does the OpenAPI document),
 * archives a field holding data and undoes it; a non-admin is refused. Screenshots go to tests/designer/screenshots/.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

const POLL = { timeout: 15_000 };
/** Steps of many drags and page loads: minutes on a busy 2-core machine. */
const LONG = 180_000;

interface MetaObject {
  api_name: string;
  fields: Array<Record<string, unknown> & { api_name: string; type: string; archived?: boolean }>;
}

async function metaObject(name: string): Promise<MetaObject> {
  return (await expectStatus(t, 200, { method: 'GET', url: `/api/meta/objects/${name}` })).json() as MetaObject;
}

/** Picks an option of the antd Select labelled `label` in the open drawer or modal. */
async function choose(label: string, option: string): Promise<void> {
  await chooseOption(selectLabelled(page, label), option);
}

/** Reviews the change (its plan, in words) and applies it. Returns the plan's text. */
/** antd 6's drawer panel (`.ant-drawer-content` in antd 5): counted while open, so the wait for it to close can fail. */
const OPEN_DRAWER = '.ant-drawer-section:visible';

async function reviewAndApply(button = 'Review'): Promise<string> {
  expect(await page.locator(OPEN_DRAWER).count()).toBe(1);
  if (button) await page.locator('.ant-drawer').getByRole('button', { name: button, exact: true }).click();
  // The review, once it has finished zooming in: a click during the animation may not take, so Apply is
  // clicked again until the review has closed.
  const modal = await openedModal(page, /Apply/);
  await modal.locator('.plan-view').waitFor();
  const plan = (await modal.locator('.plan-view').textContent()) ?? '';
  await clickUntil(modal.getByRole('button', { name: 'Apply' }), async () => (await page.locator('.ant-modal:visible').count()) === 0, { timeout: 15_000 });
  // The drawer closes once the change is applied (its closing animation must end before the next one opens).
  await expect.poll(() => page.locator(OPEN_DRAWER).count(), POLL).toBe(0);
  return plan;
}

/** Opens the field editor on the current object page and fills the common part. */
async function newField(type: string, en: string, zh?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add field' }).click();
  await page.locator('.ant-drawer').getByText('New field on').waitFor();
  await choose('Type', type);
  await page.getByLabel('Label (English)').fill(en);
  if (zh) await page.getByLabel('Label (中文)').fill(zh);
  await page.locator('.ant-drawer').getByText('Available.').waitFor();
}

beforeAll(async () => {
  buildDesigner();
  buildRuntimeUi();
  t = await startTestEngine();
  expectStatus(t, 201, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'customer', label: { en: 'Customer', 'zh-CN': '客户' }, plural_label: { en: 'Customers', 'zh-CN': '客户' } } });
  await expectStatus(t, 201, {
    method: 'POST',
    url: '/api/meta/objects',
    payload: { api_name: 'lead', label: { en: 'Lead', 'zh-CN': '线索' }, fields: [{ api_name: 'note', type: 'text', label: { en: 'Note' } }] },
  });
  for (const [name, note] of [['Ada', 'met at fair'], ['Grace', 'called twice'], ['Linus', null]] as const) await createRecord(t, 'lead', { name, note });
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

describe('the designer', () => {
  it('is served at /designer, with client routes answered by the app', async () => {
    const shell = await fetch(`${base}/designer/o/lead`);
    expect([shell.status, shell.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    const html = await shell.text();
    expect(html).toContain('Tessera designer');
    const script = /src="(\/designer\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const js = await fetch(`${base}${script}`);
    expect([js.status, js.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await fetch(`${base}/designer/assets/missing.js`)).status).toBe(404);
  });

  it('refuses a non-admin: an "admins only" page, and the API refuses their changes', async () => {
    const rep = await loginNonAdmin(t);
    const repContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const me = await repContext.request.post(`${base}/api/auth/login`, { data: { email: (await t.request({ method: 'GET', url: '/api/auth/me', token: rep.token })).json().email, password: 'a sales rep password', tenant: t.tenant.slug } });
      expect(me.status()).toBe(200);
      const repPage = await repContext.newPage();
      await repPage.goto(`${base}/designer/`);
      await repPage.getByText('Admins only').waitFor();
      expect(await repPage.getByRole('button', { name: 'New object' }).count()).toBe(0);
      await snap(repPage, '00-non-admin');
    } finally {
      await repContext.close();
    }
    expectProblem(await t.request({ method: 'POST', url: '/api/meta/objects', token: rep.token, payload: { api_name: 'sneaky' } }), 403, 'forbidden');
  });

  it('signs an admin in', async () => {
    await page.goto(`${base}/designer/?tenant=${t.tenant.slug}`);
    await page.getByLabel('Email').fill(t.adminEmail);
    await page.getByLabel('Password').fill(t.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Objects' }).waitFor();
    await page.getByRole('link', { name: 'Customer' }).waitFor();
    await snap(page, '01-objects');
  });

  it('creates "Project": API name from the label, checked as it is typed, the plan shown before applying', async () => {
    await page.getByRole('button', { name: 'New object' }).click();
    const modal = page.locator('.ant-modal', { hasText: 'New object' });
    await modal.getByLabel('Label (English)').fill('Project');
    await modal.getByLabel('Label (中文)').fill('项目');
    await expect.poll(() => modal.getByLabel('API name').inputValue(), POLL).toBe('project');
    await modal.getByText('Available.').waitFor();
    // A reserved word: the engine's verdict, through a plan.
    await modal.getByLabel('API name').fill('select');
    await modal.getByText('"select" is a reserved word').waitFor();
    expect(await modal.getByRole('button', { name: 'Review' }).isDisabled()).toBe(true);
    // The syntax rule, at once.
    await modal.getByLabel('API name').fill('9 projects');
    await modal.getByText('Must start with a lower-case letter').waitFor();
    // A name already taken.
    await modal.getByLabel('API name').fill('customer');
    await modal.locator('.ant-form-item-explain-error', { hasText: /already|exists|taken|duplicate/i }).waitFor();
    await snap(page, '02-new-object-name-taken');
    await modal.getByLabel('API name').fill('project');
    await modal.getByText('Available.').waitFor();
    await modal.getByRole('button', { name: 'Review' }).click();
    const review = page.locator('.ant-modal', { hasText: 'Create the object' });
    await review.locator('.plan-view').waitFor();
    expect(await review.locator('.plan-view').textContent()).toMatch(/creates the table "project"/i);
    expect(await review.locator('.plan-sql').count()).toBe(0);
    await review.getByText('Show SQL').click();
    await review.locator('.plan-sql', { hasText: 'create table' }).waitFor();
    await snap(page, '03-create-object-plan');
    await review.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/\/designer\/o\/project$/);
    await page.getByRole('heading', { name: /Project/ }).waitFor();
    expect((await metaObject('project')).fields.map((f) => f.api_name)).toEqual(['name']);
  });

  it('adds fields of six types, each through its plan', async () => {
    await newField('Text', 'Code', '编码');
    await page.getByText('Unique', { exact: true }).click();
    expect(await reviewAndApply()).toMatch(/unique/i);

    await newField('Decimal', 'Budget');
    await page.getByLabel('Decimals').fill('2');
    await page.getByText('Audited (keep a history of changes)').click();
    await reviewAndApply();

    await newField('Currency', 'Contract value');
    await expect.poll(() => page.getByLabel('API name').inputValue(), POLL).toBe('contract_value');
    await page.getByLabel('Default currency').fill('CNY');
    await reviewAndApply();

    await newField('Date', 'Start date');
    await page.getByText('Required', { exact: true }).click();
    await page.getByText('Indexed', { exact: true }).click();
    expect(await reviewAndApply()).toMatch(/index/i);

    await newField('Checkbox (yes/no)', 'Strategic');
    await reviewAndApply();

    await newField('Picklist', 'Stage', '阶段');
    await page.getByLabel('Value 1', { exact: true }).fill('planned');
    await page.getByLabel('Value 1 English').fill('Planned');
    await page.getByRole('button', { name: 'Add value' }).click();
    await page.getByLabel('Value 2', { exact: true }).fill('active');
    await page.getByLabel('Value 2 English').fill('Active');
    await page.getByLabel('Value 2 colour').fill('#52c41a');
    await snap(page, '04-field-editor-picklist');
    await reviewAndApply();

    await newField('Formula', 'Double budget');
    await page.locator('.ant-drawer-open').getByText('Raw JSON', { exact: true }).click();
    await page.getByLabel('Rule as JSON').fill('{"*": [{"var": "budget"}');
    await page.getByText('Not valid JSON').waitFor();
    await page.getByLabel('Rule as JSON').fill('{"*": [{"var": "budget"}, 2]}');
    await page.getByText('Not valid JSON').waitFor({ state: 'detached' });
    expect(await reviewAndApply()).toContain('Metadata only');

    await page.getByRole('cell', { name: 'double_budget', exact: true }).waitFor();
    await snap(page, '05-project-fields');
    const project = await metaObject('project');
    const byName = Object.fromEntries(project.fields.map((f) => [f.api_name, f]));
    expect(Object.keys(byName)).toEqual(['name', 'code', 'budget', 'contract_value', 'start_date', 'strategic', 'stage', 'double_budget']);
    expect(byName.code).toMatchObject({ type: 'text', unique: true, label: { en: 'Code', 'zh-CN': '编码' } });
    expect(byName.budget).toMatchObject({ type: 'decimal', scale: 2, audited: true });
    expect(byName.contract_value).toMatchObject({ type: 'currency', currencies: ['CNY', 'USD'], default_currency: 'CNY' });
    expect(byName.start_date).toMatchObject({ type: 'date', required: true, indexed: true });
    expect(byName.strategic).toMatchObject({ type: 'boolean' });
    expect(byName.stage).toMatchObject({ type: 'picklist', values: [{ value: 'planned', label: { en: 'Planned' }, color: '#1677ff' }, { value: 'active', label: { en: 'Active' }, color: '#52c41a' }] });
    // Each field has only the flags chosen for it: nothing carried over from the previous one.
    const flags = (f: Record<string, unknown> | undefined) => (['required', 'unique', 'indexed', 'audited'] as const).filter((k) => f?.[k] === true);
    expect(Object.fromEntries(Object.entries(byName).map(([k, f]) => [k, flags(f)]))).toEqual({
      name: ['required'],
      code: ['unique'],
      budget: ['audited'],
      contract_value: [],
      start_date: ['required', 'indexed'],
      strategic: [],
      stage: [],
      double_budget: [],
    });
    expect(byName.double_budget).toMatchObject({ type: 'formula', return_type: 'number', expression: { '*': [{ var: 'budget' }, 2] } });
    // The new fields work at once through the record API.
    const record = await createRecord(t, 'project', { name: 'Apollo', budget: 10.5, start_date: '2026-12-01', stage: 'active' });
    expect(record).toMatchObject({ double_budget: 21, stage: 'active' });
  }, LONG);

  it('adds a lookup from Project to Customer by dragging on the ER canvas', async () => {
    await page.getByRole('menuitem', { name: 'ER diagram' }).click();
    const project = page.locator('.react-flow__node[data-id="project"]');
    const customer = page.locator('.react-flow__node[data-id="customer"]');
    await project.waitFor();
    await customer.waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(3);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    await snap(page, '06-er-before');
    const from = await project.locator('.react-flow__handle.source').boundingBox();
    const to = await customer.locator('.react-flow__handle.target').boundingBox();
    if (!from || !to) throw new Error('handles not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
    await page.mouse.up();
    // The field editor opens as a lookup to Customer, named after it.
    const drawer = page.locator('.ant-drawer', { hasText: 'New field on project' });
    await drawer.waitFor();
    await expect.poll(() => drawer.getByLabel('API name').inputValue(), POLL).toBe('customer');
    await drawer.getByText('Available.').waitFor();
    expect(await drawer.locator('.ant-select', { hasText: 'Customer' }).count()).toBeGreaterThan(0);
    await snap(page, '07-er-lookup-editor');
    expect(await reviewAndApply()).toContain('makes "project.customer" refer to "customer" (on delete restrict)');
    await expect.poll(() => page.locator('.react-flow__edge').count(), POLL).toBe(1);
    await project.getByText('→ customer').waitFor();
    await snap(page, '08-er-after');
    expect((await metaObject('project')).fields.find((f) => f.api_name === 'customer')).toMatchObject({ type: 'lookup', target: 'customer', on_delete: 'restrict' });
    // Clicking an object opens it.
    await customer.click();
    await page.waitForURL(/\/designer\/o\/customer$/);
  });

  it('adds a picklist to Lead and places it on a layout: the runtime form, the list filter and the OpenAPI document have it at once, no restart', async () => {
    const formBefore = (await expectStatus(t, 200, { method: 'GET', url: '/api/forms/lead?mode=create' })).json() as { schema: { properties: Record<string, unknown> } };
    expect(formBefore.schema.properties).not.toHaveProperty('rating');
    await page.goto(`${base}/designer/o/lead`);
    await page.getByRole('cell', { name: 'note', exact: true }).waitFor();
    await newField('Picklist', 'Rating', '评级');
    await page.getByLabel('Value 1', { exact: true }).fill('hot');
    await page.getByLabel('Value 1 English').fill('Hot');
    await page.getByLabel('Value 1 colour').fill('#ff4d4f');
    await page.getByRole('button', { name: 'Add value' }).click();
    await page.getByLabel('Value 2', { exact: true }).fill('cold');
    await page.getByLabel('Value 2 English').fill('Cold');
    await reviewAndApply();
    await page.getByRole('cell', { name: 'rating', exact: true }).waitFor();
    const form = (await expectStatus(t, 200, { method: 'GET', url: '/api/forms/lead?mode=create' })).json() as { schema: { properties: Record<string, { oneOf?: Array<{ const: string }>; enum?: string[] }> } };
    const rating = JSON.stringify(form.schema.properties.rating);
    expect(rating).toContain('hot');
    expect(rating).toContain('cold');
    const openapi = (await expectStatus(t, 200, { method: 'GET', url: '/api/openapi.json' })).json() as unknown;
    const text = JSON.stringify(openapi);
    expect(text).toMatch(/"rating":\{[^}]*"hot"/);
    const created = await createRecord(t, 'lead', { name: 'Barbara', rating: 'hot' });
    expect(created.rating).toBe('hot');

    // Placed on a layout in the layout designer: Name, then Rating dragged into the second column, Note below.
    await page.getByRole('tab', { name: 'Layouts' }).click();
    await page.getByRole('button', { name: 'New layout' }).click();
    const props = page.locator('.ant-modal:visible', { hasText: 'Layout' });
    await props.getByLabel('Label (English)').fill('Lead desk');
    await expect.poll(() => props.getByLabel('API name').inputValue(), POLL).toBe('lead_desk');
    await props.getByRole('button', { name: 'Save' }).click();
    await props.waitFor({ state: 'hidden' });
    await page.getByLabel('Section 1 label (English)').fill('Qualification');
    await page.locator('.layout-section[data-section="0"]').getByText('2 columns').click();
    const endSlot = () => page.locator('[data-slot="end-0"]');
    await drag(page, () => page.locator('.palette-item[data-field="name"] .drag-handle'), endSlot, async () => JSON.stringify(await placedNames(page, 0)) === '["name"]');
    await drag(page, () => page.locator('.palette-item[data-field="rating"] .drag-handle'), endSlot, async () => JSON.stringify(await placedNames(page, 0)) === '["name","rating"]');
    await drag(page, () => page.locator('.palette-item[data-field="note"] .drag-handle'), endSlot, async () => JSON.stringify(await placedNames(page, 0)) === '["name","rating","note"]');
    // The live preview is /app's form: Rating offers its values.
    const preview = page.locator('.layout-preview .preview-form');
    await preview.locator('[data-field="rating"] .ant-select').waitFor({ timeout: 15_000 });
    await snap(page, '08b-layout-with-rating');
    await page.getByRole('button', { name: 'Save layouts' }).click();
    const review = page.locator('.ant-modal:visible', { hasText: 'Save the layouts' });
    await review.locator('.plan-view').waitFor();
    expect(await review.locator('.plan-view').textContent()).toContain('Metadata only');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.waitFor({ state: 'hidden' });
    const laidOut = (await expectStatus(t, 200, { method: 'GET', url: '/api/forms/lead?mode=create&locale=en' })).json() as { layout: { sections: Array<{ label: string; columns: number; fields: Array<{ field: string }> }> } };
    expect(laidOut.layout.sections.map((s) => [s.label, s.columns, s.fields.map((f) => f.field)])).toEqual([['Qualification', 2, ['name', 'rating', 'note']]]);

    // /app, in the same browser and session: the form has Rating in its section's second column…
    const app = await context.newPage();
    try {
      await app.goto(`${base}/app/o/lead/new`);
      await app.locator('.form-page .form-section .ant-card-head-title', { hasText: 'Qualification' }).waitFor();
      const [name, rated] = [await app.locator('.form-page [data-field="name"]').boundingBox(), await app.locator('.form-page [data-field="rating"]').boundingBox()];
      expect(rated!.x).toBeGreaterThan(name!.x + 20);
      const rating = app.locator('.form-page [data-field="rating"] .ant-select');
      await (await openSelect(rating)).locator('.ant-select-item-option', { hasText: 'Hot' }).waitFor();
      await snap(app, '08c-app-form-rating');
      await closeSelect(rating);
      // …and the list's filter builder offers it, and filters by it.
      await app.goto(`${base}/app/o/lead`);
      await app.getByRole('cell', { name: 'Barbara' }).waitFor();
      await app.getByRole('button', { name: 'Filters' }).click();
      await app.getByRole('button', { name: 'Add condition' }).click();
      const pick = (label: string, option: string) => chooseOption(app.locator('.filter-builder').getByLabel(label), option);
      await pick('Field', 'Rating');
      await pick('Value', 'Hot');
      await snap(app, '08d-app-filter-rating');
      await app.getByRole('button', { name: 'Apply' }).click();
      await app.waitForURL(/filter=/);
      await expect.poll(() => app.locator('.ant-table-row').count(), POLL).toBe(1);
      expect(await app.locator('.ant-table-tbody').textContent()).toContain('Barbara');
    } finally {
      await app.close();
    }
    await page.getByRole('tab', { name: 'Fields' }).click();
  }, LONG);

  it('shows how many values archiving a field hides before applying, and undoes it', async () => {
    await page.getByRole('button', { name: 'Archive note' }).click();
    const review = page.locator('.ant-modal', { hasText: 'Archive the field' });
    await review.locator('.plan-check', { hasText: '2 values of "lead.note" hidden by archiving' }).waitFor();
    await snap(page, '09-archive-plan');
    // Nothing happened yet.
    expect((await metaObject('lead')).fields.find((f) => f.api_name === 'note')?.archived).toBeFalsy();
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('cell', { name: 'note', exact: true }).count(), POLL).toBe(0);
    expect((await listPage(t, 'lead')).items[0]).not.toHaveProperty('note');

    await page.getByRole('button', { name: 'Undo last change' }).click();
    await page.locator('.ant-modal-confirm', { hasText: 'archive field lead.note' }).waitFor();
    await snap(page, '10-undo-confirm');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('cell', { name: 'note', exact: true }).waitFor();
    await snap(page, '11-undone');
    const notes = (await listPage(t, 'lead')).items.map((r) => r.note).filter(Boolean).sort();
    expect(notes).toEqual(['called twice', 'met at fair']);
  });
});
