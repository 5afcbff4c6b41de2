import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listUrl, problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { adminCreateUser, expectStatus, logIn } from '../access/helpers.ts';
import { createFormulaWorld, v } from './world.ts';

/**
 * Field-level security: a formula is readable only by someone who may read the formula field and every
 * field its value is made of (here, through lookups and through other formulas). Hidden fields never
 * leak through a formula.
 */

let t: TestEngine;
let clerk: string;
let line: ApiRecord;
let customer: ApiRecord;

/** Hidden from the clerk: order_line.discount, customer.credit and the formula title itself. */
const HIDDEN = ['subtotal', 'with_tax', 'big', 'customer_level', 'title'];
const SHOWN = ['days_left', 'follow_up', 'call_at', 'quantity', 'name'];

beforeAll(async () => {
  t = await startTestEngine();
  await createFormulaWorld(t);
  expectStatus(
    await t.request({
      method: 'POST',
      url: '/api/admin/roles',
      payload: {
        api_name: 'clerk',
        label: { en: 'Clerk' },
        object_rights: { order_line: { create: true, edit: true }, customer: { read: true } },
        field_rights: { order_line: { discount: 'none', title: 'none' }, customer: { credit: 'none' } },
        default_scope: 'all',
      },
    }),
    201,
  );
  const user = await adminCreateUser(t, { email: `clerk@${t.tenant.slug}.test`, name: 'Clerk', password: 'clerk password 1', roles: ['clerk'] });
  clerk = (await logIn(t, user.email, 'clerk password 1')).token;
  customer = await createRecord(t, 'customer', { name: 'Gold', credit: 5000 });
  line = await createRecord(t, 'order_line', { name: 'Secret margin', code: 'S', quantity: 10, unit_price: 100, discount: 37, close_date: '2026-12-01', customer: customer.id });
});
afterAll(() => t.close());

const asClerk = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) => t.request({ method, url, token: clerk, ...(payload ? { payload } : {}) });

describe('a formula over a field the reader may not read is hidden from them', () => {
  it('the administrator sees every formula', () => {
    expect(line).toMatchObject({ subtotal: 630, with_tax: 693, big: true, customer_level: 'gold', title: 'Secret margin (S)' });
  });

  it('is absent from single records, lists and looked-up objects; formulas over readable fields are shown', async () => {
    const got = (await asClerk('GET', `/api/records/order_line/${line.id}`)).json() as ApiRecord;
    for (const name of HIDDEN) expect(got).not.toHaveProperty(name);
    for (const name of SHOWN) expect(got).toHaveProperty(name);
    expect(got.days_left).toBe(line.days_left);
    const page = (await asClerk('GET', '/api/records/order_line?limit=50')).json() as RecordPage;
    expect(page.items.length).toBe(1);
    expect(JSON.stringify(page)).not.toMatch(/"(subtotal|with_tax|big|customer_level|title)"/);
    // 630 = 10 × 100 × (1 − 37/100) would give the hidden discount away.
    expect(JSON.stringify(page)).not.toContain('630');
    const seen = (await asClerk('GET', `/api/records/customer/${customer.id}`)).json() as ApiRecord;
    expect(seen).not.toHaveProperty('level');
    expect(seen).not.toHaveProperty('credit');
  });

  it('is absent from the answers of create and update', async () => {
    const created = await asClerk('POST', '/api/records/order_line', { name: 'Mine', quantity: 2, unit_price: 3, customer: customer.id });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json() as ApiRecord;
    for (const name of HIDDEN) expect(record).not.toHaveProperty(name);
    expect(record.follow_up).toBeNull();
    const updated = await asClerk('PATCH', `/api/records/order_line/${record.id}`, { quantity: 3 });
    expect(updated.statusCode, updated.body).toBe(200);
    for (const name of HIDDEN) expect(updated.json()).not.toHaveProperty(name);
  });

  it('cannot be filtered on, sorted by or asked for (403 naming it)', async () => {
    const filtered = problemOf(await asClerk('GET', listUrl('order_line', { filter: { '>': [v('subtotal'), 600] } })));
    expect([filtered.status, filtered.code]).toEqual([403, 'forbidden']);
    expect(filtered.errors?.map((e) => e.field)).toContain('subtotal');
    const sorted = problemOf(await asClerk('GET', listUrl('order_line', { sort: '-with_tax' })));
    expect([sorted.status, sorted.errors?.map((e) => e.field)]).toEqual([403, ['with_tax']]);
    const asked = problemOf(await asClerk('GET', listUrl('order_line', { fields: ['name', 'big'] })));
    expect([asked.status, asked.errors?.map((e) => e.field)]).toEqual([403, ['big']]);
    const through = problemOf(await asClerk('GET', listUrl('order_line', { filter: { '==': [v('customer.level'), 'gold'] } })));
    expect(through.status).toBe(403);
  });

  it('is left out of the OpenAPI document and the form the reader gets', async () => {
    const doc = (await asClerk('GET', '/api/openapi.json')).json() as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const properties = Object.keys(doc.components.schemas.order_line?.properties ?? {});
    expect(properties).toContain('days_left');
    for (const name of HIDDEN) expect(properties).not.toContain(name);
    const form = await asClerk('GET', '/api/forms/order_line');
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).not.toMatch(/"(subtotal|with_tax|customer_level)"/);
  });
});
