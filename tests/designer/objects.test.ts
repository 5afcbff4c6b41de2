import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage } from '../support/record-helpers.ts';
import { expectProblem, expectStatus } from '../support/meta-helpers.ts';
import { adminContext, buildRuntimeUi, launchChromium } from '../ui/browser.ts';
import { buildDesigner, snap } from './browser.ts';
import { apply, openedReview, POLL } from './admin-session.ts';
import { install, manifest, removePackages, writePackage } from '../transfer/support.ts';

/**
 * The object manager in real Chromium against a real engine: an admin edits an object's labels and icon
 * (seen by the API and by /app's navigation), archives it (its records are gone from the API) and restores
 * it (they are back), and uses the designer in Chinese.
 */

let t: TestEngine;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

interface MetaObject {
  api_name: string;
  label: Record<string, string>;
  plural_label: Record<string, string>;
  icon?: string;
  description?: string;
  archived?: boolean;
}

async function metaObjects(includeArchived = false): Promise<MetaObject[]> {
  return ((await expectStatus(t, 200, { method: 'GET', url: `/api/meta/objects${includeArchived ? '?include_archived=true' : ''}` })).json() as { items: MetaObject[] }).items;
}

beforeAll(async () => {
  buildDesigner();
  buildRuntimeUi();
  t = await startTestEngine();
  await expectStatus(t, 201, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'vendor', label: { en: 'Vendor', 'zh-CN': '供应商' }, plural_label: { en: 'Vendors', 'zh-CN': '供应商' } } });
  await expectStatus(t, 201, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'shipment', label: { en: 'Shipment', 'zh-CN': '发货' }, icon: 'box' } });
  for (const name of ['Acme', 'Globex', 'Initech']) await createRecord(t, 'vendor', { name });
  // A package brings a standard object; the two above are custom.
  const actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
  const report = await install(t.engine.knex, writePackage({ 'manifest.json': manifest('1.0.0'), 'objects/gadget.json': { api_name: 'gadget', label: { en: 'Gadget', 'zh-CN': '小工具' } } }), { tenant: t.tenant, actorId });
  t.engine.models.invalidate(t.tenant.slug, report.metadata.version);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  ({ context, page } = await adminContext(browser, t, base));
}, 240_000);

afterAll(async () => {
  removePackages();
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the object manager', () => {
  it('tells standard objects (brought by a package) from custom ones', async () => {
    await page.goto(`${base}/designer/`);
    const row = (name: string) => page.locator('tr', { has: page.locator('code', { hasText: new RegExp(`^${name}$`) }) });
    await row('gadget').getByText('Standard · Sample kit').waitFor(POLL);
    await row('vendor').getByText('Custom', { exact: true }).waitFor(POLL);
    await row('shipment').getByText('Custom', { exact: true }).waitFor(POLL);
    await snap(page, 'objects-00-standard-custom');
  });

  it("edits an object's labels, description and icon through its plan; the API and /app's navigation show them", async () => {
    await page.goto(`${base}/designer/`);
    await page.getByRole('link', { name: 'Vendor' }).waitFor(POLL);
    await page.getByRole('button', { name: 'Edit vendor' }).click();
    const editor = page.locator('.ant-modal:visible', { hasText: 'Edit Vendor' });
    await editor.getByLabel('Plural label (English)').waitFor();
    expect(await editor.getByLabel('Label (English)', { exact: true }).inputValue()).toBe('Vendor');
    await editor.getByLabel('Label (English)', { exact: true }).fill('Supplier');
    await editor.getByLabel('Plural label (English)').fill('Suppliers');
    await editor.getByLabel('Label (中文)', { exact: true }).fill('供货商');
    await editor.getByLabel('Plural label (中文)').fill('供货商们');
    await editor.getByLabel('Description').fill('Who we buy from');
    await editor.getByRole('radio', { name: 'Icon shop', exact: true }).click();
    await expect.poll(() => editor.getByRole('radio', { name: 'Icon shop', exact: true }).getAttribute('aria-checked'), POLL).toBe('true');
    await snap(page, 'objects-01-edit-object');
    await editor.getByRole('button', { name: 'Review' }).click();
    const { modal, plan } = await openedReview(page, 'Change the object');
    expect(plan).toContain('Metadata only');
    await apply(modal);
    await page.getByRole('link', { name: 'Supplier' }).waitFor(POLL);
    await snap(page, 'objects-02-edited');

    const vendor = (await metaObjects()).find((o) => o.api_name === 'vendor');
    expect(vendor).toMatchObject({
      label: { en: 'Supplier', 'zh-CN': '供货商' },
      plural_label: { en: 'Suppliers', 'zh-CN': '供货商们' },
      description: 'Who we buy from',
      icon: 'shop',
    });
    // The change recorded holds only what was edited.
    const changes = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes?object=vendor&limit=1' })).json() as { items: Array<{ kind: string }> };
    expect(changes.items[0]?.kind).toBe('update_object');

    // /app's navigation lists the object by its new plural label, at once.
    const app = await context.newPage();
    await app.goto(`${base}/app/`);
    await app.locator('.shell-sider').getByRole('link', { name: 'Suppliers' }).waitFor(POLL);
    expect(await app.locator('.shell-sider').getByRole('link', { name: 'Vendors' }).count()).toBe(0);
    await app.close();
  });

  it('archives an object after showing its plan (its records answer 404), lists it as archived and restores it', async () => {
    await page.goto(`${base}/designer/`);
    await page.getByRole('button', { name: 'Archive vendor' }).click();
    const { modal, plan } = await openedReview(page, 'Archive the object');
    expect(plan).toMatch(/Metadata only|archiv/i);
    await snap(page, 'objects-03-archive-plan');
    // Nothing happened yet.
    expect((await listPage(t, 'vendor')).items).toHaveLength(3);
    await apply(modal);
    await expect.poll(() => page.getByRole('link', { name: 'Supplier' }).count(), POLL).toBe(0);
    expectProblem(await t.request({ method: 'GET', url: '/api/records/vendor' }), 404, 'object_not_found');
    expect((await metaObjects()).map((o) => o.api_name)).not.toContain('vendor');
    expect((await metaObjects(true)).find((o) => o.api_name === 'vendor')?.archived).toBe(true);

    await page.getByText('Archived', { exact: true }).click();
    await page.getByRole('cell', { name: 'vendor', exact: true }).waitFor(POLL);
    expect(await page.getByRole('cell', { name: 'shipment', exact: true }).count()).toBe(0);
    await snap(page, 'objects-04-archived-list');
    await page.getByRole('button', { name: 'Restore vendor' }).click();
    const restore = await openedReview(page, 'Restore the object');
    await apply(restore.modal);
    await expect.poll(() => page.getByRole('cell', { name: 'vendor', exact: true }).count(), POLL).toBe(0);
    const names = (await listPage(t, 'vendor')).items.map((r) => r.name).sort();
    expect(names).toEqual(['Acme', 'Globex', 'Initech']);
    await page.getByText('Active', { exact: true }).click();
    await page.getByRole('link', { name: 'Supplier' }).waitFor(POLL);
  });

  it('archives from the object page and leaves it for the list', async () => {
    await page.goto(`${base}/designer/o/shipment`);
    await page.getByRole('button', { name: 'Archive object' }).click();
    const { modal } = await openedReview(page, 'Archive the object');
    await apply(modal);
    await page.waitForURL(/\/designer\/?$/, POLL);
    expectProblem(await t.request({ method: 'GET', url: '/api/records/shipment' }), 404, 'object_not_found');
    // Restored through the API for the next test: the designer's view of it follows.
    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/shipment', payload: { archived: false } });
  });

  it('speaks Chinese: interface text and metadata labels in the chosen language', async () => {
    await page.goto(`${base}/designer/`);
    await page.getByRole('link', { name: 'Supplier' }).waitFor(POLL);
    await page.locator('.designer-header .ant-segmented-item', { hasText: '中文' }).click();
    await page.getByRole('heading', { name: '对象' }).waitFor(POLL);
    await page.getByRole('button', { name: '新建对象' }).waitFor();
    await page.getByRole('link', { name: '供货商' }).waitFor();
    await page.getByRole('link', { name: '发货' }).waitFor();
    await page.getByRole('columnheader', { name: '英文' }).waitFor();
    await snap(page, 'objects-05-zh-list');

    await page.getByRole('link', { name: '供货商' }).click();
    await page.getByRole('button', { name: '添加字段' }).click();
    const drawer = page.locator('.ant-drawer', { hasText: '在 vendor 上新建字段' });
    await drawer.getByText('创建时的默认值').waitFor(POLL);
    await drawer.getByLabel('标签（英文）').fill('Rating');
    await drawer.getByText('可用。创建后不可更改。').waitFor(POLL);
    await snap(page, 'objects-06-zh-field-editor');
    await drawer.getByRole('button', { name: '预览变更' }).click();
    const { modal, plan } = await openedReview(page, '添加字段');
    expect(plan).toContain('向"vendor"添加列"rating"');
    await snap(page, 'objects-07-zh-plan');
    await modal.getByRole('button', { name: /^返\s?回$/ }).click();
    await page.locator('.ant-drawer-close').click();
    await page.locator('.designer-header .ant-segmented-item', { hasText: 'EN' }).click();
    await page.getByRole('button', { name: 'Add field' }).waitFor(POLL);
  });
});
