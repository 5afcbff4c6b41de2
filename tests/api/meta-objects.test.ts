import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinFieldTypes } from '../../engine/src/field-types/index.ts';
import { constraintName } from '../../engine/src/schema/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { columnTypes, constraintsOf, createObject, createRecord, expectProblem, expectStatus, indexesOf, selectRows, snapshot, tableExists } from '../support/meta-helpers.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'vendor', label: 'Vendor' });
});
afterAll(() => t.close());

const stageValues = [
  { value: 'new', label: { en: 'New', 'zh-CN': '新建' }, color: '#1677ff' },
  { value: 'in_use', label: { en: 'In use', 'zh-CN': '使用中' }, color: '#52c41a' },
  { value: 'retired', label: { en: 'Retired' }, color: '#8c8c8c', active: false },
];

/** One field of every built-in type, with the settings each type takes. */
const assetFields = [
  { api_name: 'title', type: 'text', label: { en: 'Title', 'zh-CN': '标题' }, max_length: 200, unique: true },
  { api_name: 'notes', type: 'long_text', max_length: 5000 },
  { api_name: 'manual', type: 'rich_text' },
  { api_name: 'contact_email', type: 'email', indexed: true },
  { api_name: 'phone', type: 'phone' },
  { api_name: 'website', type: 'url' },
  { api_name: 'quantity', type: 'integer', min: 0, max: 1000 },
  { api_name: 'weight', type: 'decimal', precision: 10, scale: 3 },
  { api_name: 'cost', type: 'currency', precision: 14, scale: 2, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
  { api_name: 'discount', type: 'percent', precision: 5, scale: 2 },
  { api_name: 'active', type: 'boolean' },
  { api_name: 'purchased_on', type: 'date' },
  { api_name: 'checked_at', type: 'datetime' },
  { api_name: 'stage', type: 'picklist', values: stageValues },
  { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'it', label: { en: 'IT' }, color: '#faad14' }, { value: 'office', label: { en: 'Office' } }] },
  { api_name: 'vendor', type: 'lookup', target: 'vendor', on_delete: 'set_null' },
  { api_name: 'maker', type: 'lookup', target: 'vendor' },
  { api_name: 'parent', type: 'lookup', target: 'asset', on_delete: 'cascade' },
  { api_name: 'custodian', type: 'user' },
  { api_name: 'asset_no', type: 'autonumber', pattern: 'AS-{YYYY}-{0000}', start: 100 },
  { api_name: 'specs', type: 'json' },
  { api_name: 'sub_assets', type: 'rollup', child_object: 'asset', via: 'parent', function: 'count' },
  // Computed in SQL, no column of its own (docs/field-types.md).
  { api_name: 'stock_weight', type: 'formula', return_type: 'number', scale: 3, expression: { '*': [{ var: 'quantity' }, { var: 'weight' }] } },
];

const assetDefinition = {
  api_name: 'asset',
  label: { en: 'Asset', 'zh-CN': '资产' },
  plural_label: { en: 'Assets', 'zh-CN': '资产' },
  description: 'Company equipment',
  icon: 'laptop',
  fields: assetFields,
};

describe('creating an object', () => {
  let created: Awaited<ReturnType<typeof createObject>>;
  beforeAll(async () => {
    created = await createObject(t, assetDefinition);
  });

  it('covers every built-in field type', () => {
    expect(new Set(assetFields.map((f) => f.type))).toEqual(new Set(builtinFieldTypes.map((type) => type.name)));
  });

  it('reports the applied change with its SQL', () => {
    expect(created).toMatchObject({ object: 'asset', kind: 'create_object', applicable: true, before: null });
    expect(created.sql[0]).toMatch(/^create table /);
    expect(created.operations.map((o) => o.op)).toContain('add_foreign_key');
  });

  it('creates the table with the system columns and one typed column per value', async () => {
    expect(await columnTypes(t, 'asset')).toEqual({
      id: 'uuid',
      created_at: 'timestamp with time zone',
      created_by: 'uuid',
      updated_at: 'timestamp with time zone',
      updated_by: 'uuid',
      owner_id: 'uuid',
      version: 'integer',
      deleted_at: 'timestamp with time zone',
      name: 'text',
      title: 'text',
      notes: 'text',
      manual: 'text',
      contact_email: 'text',
      phone: 'text',
      website: 'text',
      quantity: 'bigint',
      weight: 'numeric(10,3)',
      cost: 'numeric(14,2)',
      cost__currency: 'character(3)',
      discount: 'numeric(5,2)',
      active: 'boolean',
      purchased_on: 'date',
      checked_at: 'timestamp with time zone',
      stage: 'text',
      tags: 'text[]',
      vendor: 'uuid',
      maker: 'uuid',
      parent: 'uuid',
      custodian: 'uuid',
      asset_no: 'text',
      specs: 'jsonb',
      sub_assets: 'bigint',
      // Full-text search over the name field (docs/search.md).
      _search: 'tsvector',
    });
  });

  it('makes unique fields a unique constraint and indexed fields an index', async () => {
    const constraints = await constraintsOf(t, 'asset');
    expect(constraints.filter((c) => c.type === 'u')).toEqual([expect.objectContaining({ name: constraintName('uq', 'asset', 'title'), columns: ['title'] })]);
    expect(constraints.find((c) => c.type === 'p')?.columns).toEqual(['id']);
    const indexes = await indexesOf(t, 'asset');
    // Field indexes carry owner_id second, for lists limited by a data scope (docs/access.md).
    expect(indexes[constraintName('ix', 'asset', 'contact_email')]).toMatch(/\(contact_email, owner_id\)$/);
    for (const lookup of ['vendor', 'maker', 'parent', 'custodian']) expect(indexes[constraintName('ix', 'asset', lookup)]).toMatch(new RegExp(`\\(${lookup}, owner_id\\)$`));
    expect(indexes[constraintName('ix', 'asset', 'owner_id')]).toMatch(/\(owner_id\)$/);
    expect(Object.values(indexes).filter((def) => /\((phone|quantity|name)(, owner_id)?\)$/.test(def))).toEqual([]);
  });

  it('makes lookups real foreign keys with the chosen on-delete rule', async () => {
    const foreign = (await constraintsOf(t, 'asset')).filter((c) => c.type === 'f');
    const byColumn = Object.fromEntries(foreign.map((c) => [c.columns.join(), { references: c.references, on_delete: c.on_delete }]));
    expect(byColumn).toEqual({
      vendor: { references: `${t.tenant.schema}.vendor`, on_delete: 'n' },
      maker: { references: `${t.tenant.schema}.vendor`, on_delete: 'r' },
      parent: { references: `${t.tenant.schema}.asset`, on_delete: 'c' },
      custodian: { references: `${t.tenant.schema}._users`, on_delete: 'r' },
    });
    const missing = '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192';
    expectProblem(await t.request({ method: 'POST', url: '/api/records/asset', payload: { name: 'Ghost', vendor: missing } }), 409, 'reference_violation');
  });

  it('applies the chosen on-delete rule when a referenced row goes', async () => {
    const vendor = await createRecord(t, 'vendor', { name: 'Lenovo' });
    const parent = await createRecord(t, 'asset', { name: 'Rack', vendor: vendor.id });
    const child = await createRecord(t, 'asset', { name: 'Server', parent: parent.id, vendor: vendor.id });
    const table = t.engine.knex.withSchema(t.tenant.schema);
    await table.clone().from('vendor').where({ id: vendor.id }).delete();
    expect(await table.clone().from('asset').where({ id: parent.id }).first('vendor')).toEqual({ vendor: null });
    await table.clone().from('asset').where({ id: parent.id }).delete();
    expect(await table.clone().from('asset').where({ id: child.id }).first('id')).toBeUndefined();
  });

  it('adds a required text `name` field and uses it as the name field when none is given', async () => {
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/asset' })).json() as { name_field: string; fields: Array<Record<string, unknown>> };
    expect(object.name_field).toBe('name');
    expect(object.fields[0]).toMatchObject({ api_name: 'name', type: 'text', required: true });
    expectProblem(await t.request({ method: 'POST', url: '/api/records/asset', payload: { title: 'No name' } }), 422, 'validation_failed');
  });

  it('returns the definition with labels, description, icon and every setting', async () => {
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/asset' })).json() as Record<string, unknown> & { fields: Array<Record<string, unknown>> };
    expect(object).toMatchObject({ api_name: 'asset', label: { en: 'Asset', 'zh-CN': '资产' }, plural_label: { en: 'Assets', 'zh-CN': '资产' }, description: 'Company equipment', icon: 'laptop' });
    const fields = Object.fromEntries(object.fields.map((f) => [f.api_name, f]));
    for (const field of assetFields) expect(fields[field.api_name]).toMatchObject(field);
    expect(fields.title?.label).toEqual({ en: 'Title', 'zh-CN': '标题' });
    expect(fields.notes?.label).toEqual({ en: 'Notes' });
  });

  it('lists the object beside the others', async () => {
    const list = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects' })).json() as { version: number; items: Array<{ api_name: string; label: unknown }> };
    expect(list.items.map((o) => o.api_name)).toEqual(expect.arrayContaining(['vendor', 'asset']));
    expect(list.items.find((o) => o.api_name === 'asset')?.label).toEqual({ en: 'Asset', 'zh-CN': '资产' });
    expect(list.version).toBeGreaterThanOrEqual(2);
  });

  it('stores and returns a record through the new columns', async () => {
    const record = await createRecord(t, 'asset', { name: 'Laptop', title: 'ThinkPad X1', weight: 1.1234, cost: { amount: 9999.5 }, stage: 'in_use', tags: ['office', 'it'], specs: { ram: 32 } });
    expect(record).toMatchObject({ weight: 1.123, cost: { amount: 9999.5, currency: 'CNY' }, stage: 'in_use', tags: ['it', 'office'], specs: { ram: 32 } });
    expect(record.asset_no).toMatch(/^AS-\d{4}-\d{4}$/);
    expect(await selectRows(t, 'asset', ['title', 'cost__currency'])).toContainEqual({ title: 'ThinkPad X1', cost__currency: 'CNY' });
  });
});

describe('relabelling an object', () => {
  it('changes labels, description and icon without touching the table', async () => {
    const before = await snapshot(t, 'vendor');
    const response = await expectStatus(t, 200, {
      method: 'PATCH',
      url: '/api/meta/objects/vendor',
      payload: { label: { en: 'Supplier', 'zh-CN': '供应商' }, plural_label: { en: 'Suppliers', 'zh-CN': '供应商' }, description: 'Who sells to us', icon: 'truck' },
    });
    const change = response.json() as { sql: string[]; operations: unknown[]; kind: string };
    expect(change).toMatchObject({ kind: 'update_object', sql: [], operations: [] });
    const after = await snapshot(t, 'vendor');
    expect(after.columns).toEqual(before.columns);
    expect(after.indexes).toEqual(before.indexes);
    expect(after.constraints).toEqual(before.constraints);
    expect(after.version).toBe(before.version + 1);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/vendor' })).json() as Record<string, unknown>;
    expect(object).toMatchObject({ label: { en: 'Supplier', 'zh-CN': '供应商' }, description: 'Who sells to us', icon: 'truck' });
  });
});

describe('archiving an object', () => {
  it('hides its records behind 404s, keeps its table, and restores it with archived:false', async () => {
    await createObject(t, { api_name: 'gadget', label: 'Gadget' });
    const kept = await createRecord(t, 'gadget', { name: 'Widget' });
    await expectStatus(t, 200, { method: 'DELETE', url: '/api/meta/objects/gadget' });

    expectProblem(await t.request({ method: 'GET', url: '/api/records/gadget' }), 404, 'object_not_found');
    expectProblem(await t.request({ method: 'GET', url: `/api/records/gadget/${kept.id}` }), 404, 'object_not_found');
    expectProblem(await t.request({ method: 'POST', url: '/api/records/gadget', payload: { name: 'New' } }), 404, 'object_not_found');
    expect(await tableExists(t, 'gadget')).toBe(true);
    expect(await selectRows(t, 'gadget', ['id', 'name'])).toEqual([{ id: kept.id, name: 'Widget' }]);

    const list = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects' })).json() as { items: Array<{ api_name: string }> };
    expect(list.items.map((o) => o.api_name)).not.toContain('gadget');
    const all = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects?include_archived=true' })).json() as { items: Array<{ api_name: string; archived?: boolean }> };
    expect(all.items.find((o) => o.api_name === 'gadget')?.archived).toBe(true);
    const doc = (await expectStatus(t, 200, { method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/api/records/gadget');

    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/gadget', payload: { archived: false } });
    const records = (await expectStatus(t, 200, { method: 'GET', url: '/api/records/gadget' })).json() as { items: Array<{ id: string; name: string }> };
    expect(records.items.map((r) => [r.id, r.name])).toEqual([[kept.id, 'Widget']]);
  });
});
