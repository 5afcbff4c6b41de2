import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type RecordPage } from '../support/record-helpers.ts';
import { indexesOf, type ChangeResponse } from '../support/meta-helpers.ts';
import { qualify } from '../../engine/src/db/index.ts';
import { adminRecordAccess } from '../../engine/src/access/index.ts';
import { planList } from '../../engine/src/query/index.ts';
import { ensureSearchColumns } from '../../engine/src/schema/index.ts';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';

/** The search column and its index follow the metadata: which fields are searchable, and the index the list query uses. */

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'company',
    label: { en: 'Company' },
    fields: [
      { api_name: 'phone', type: 'phone', searchable: true },
      { api_name: 'fax', type: 'phone' },
      { api_name: 'website', type: 'url' },
      { api_name: 'about', type: 'long_text', max_length: 131072 },
      { api_name: 'size', type: 'integer' },
    ],
  });
}, 120_000);
afterAll(() => t.close());

/** The expression of the search column, and whether a GIN index covers it. */
async function searchColumn(table = 'company'): Promise<string | undefined> {
  const rows = (await t.engine.knex.raw<{ rows: Array<{ generation_expression: string }> }>("select generation_expression from information_schema.columns where table_schema = ? and table_name = ? and column_name = '_search'", [t.tenant.schema, table])).rows;
  const indexed = Object.values(await indexesOf(t, table)).some((definition) => /using gin \(_search\)/i.test(definition));
  return rows[0] && indexed ? rows[0].generation_expression : undefined;
}

async function found(q: string): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/api/records/company?q=${encodeURIComponent(q)}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as RecordPage).items.map((r) => String(r.name)).sort();
}

async function patchField(field: string, patch: Record<string, unknown>): Promise<ChangeResponse> {
  const res = await t.request({ method: 'PATCH', url: `/api/meta/objects/company/fields/${field}`, payload: patch });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ChangeResponse;
}

describe('the search index', () => {
  it('covers the name field and the fields marked searchable, nothing else', async () => {
    const column = await searchColumn();
    expect(column).toMatch(/search_vector\(.*name.*phone.*\)/);
    expect(column).not.toMatch(/fax|website|about|size/);
  });

  it('is what the list query with q uses, on a large table', async () => {
    await createObject(t, { api_name: 'big_company', label: { en: 'Big company' }, fields: [{ api_name: 'phone', type: 'phone', searchable: true }] });
    const table = qualify(t.tenant.schema, 'big_company');
    await t.engine.knex.raw(`insert into ${table} (id, name, phone) select gen_random_uuid(), '公司' || g, '021-' || lpad(g::text, 8, '0') from generate_series(1, 20000) g`);
    await t.engine.knex.raw(`analyze ${table}`);
    const model = await t.engine.models.get(t.tenant.slug);
    const object = model.objects.get('big_company');
    if (!object) throw new Error('no compiled big_company');
    const plan = planList(model, object, { q: '00012345' }, adminRecordAccess(object.def));
    const explain = await t.engine.knex.raw<{ rows: Array<{ 'QUERY PLAN': string }> }>(`explain ${plan.sql}`, plan.bindings as never[]);
    expect(explain.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Bitmap Index Scan on "?sx_big_company_/);
    const res = await t.request({ method: 'GET', url: '/api/records/big_company?q=021-0001-2345' });
    expect((res.json() as RecordPage).items.map((r) => r.name)).toEqual(['公司12345']);
  });

  it('is rebuilt when a field becomes searchable, and the plan says so', async () => {
    const created = await createRecord(t, 'company', { name: 'Globex', website: 'https://globex.example', about: '北京 自动化设备 制造商' });
    expect(await found('自动化')).toEqual([]);
    const preview = (await t.request({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'update_field', object: 'company', field: 'about', patch: { searchable: true } } })).json() as ChangeResponse;
    expect(preview.operations.map((o) => o.op)).toEqual(['drop_search_column', 'add_search_column', 'create_search_index']);
    expect(preview.operations[1]?.description).toMatch(/search column of "company" over name, phone, about/);
    await patchField('about', { searchable: true });
    expect(await searchColumn()).toMatch(/about/);
    expect(await found('自动化')).toEqual(['Globex']);
    expect(await found('globex')).toEqual(['Globex']); // by its name; the url is not searched…
    expect(await found('https')).toEqual([]);
    await patchField('website', { searchable: true }); // …until asked
    expect(await found('https')).toEqual(['Globex']);
    await patchField('about', { searchable: false });
    expect(await found('自动化')).toEqual([]);
    expect(created.id).toBeTruthy();
  });

  it('leaves an archived field out, and takes it back when restored', async () => {
    await createRecord(t, 'company', { name: 'Initech', phone: '400-123-9999' });
    expect(await found('9999')).toEqual(['Initech']);
    expect((await t.request({ method: 'DELETE', url: '/api/meta/objects/company/fields/phone' })).statusCode).toBe(200);
    expect(await found('9999')).toEqual([]);
    await patchField('phone', { archived: false });
    expect(await found('9999')).toEqual(['Initech']);
  });

  it('changes nothing when a change does not touch the searchable fields', async () => {
    const before = await searchColumn();
    const change = await patchField('size', { label: { en: 'Head count' } });
    expect(change.operations).toEqual([]);
    // A new text field is not searchable until asked: adding it to a large table stays instant.
    const added = await t.request({ method: 'POST', url: '/api/meta/objects/company/fields', payload: { api_name: 'motto', type: 'text' } });
    expect(added.statusCode, added.body).toBe(201);
    expect((added.json() as ChangeResponse).operations.map((o) => o.op)).toEqual(['add_column']);
    expect(await searchColumn()).toBe(before);
  });

  it('is not part of the API', async () => {
    const created = await createRecord(t, 'company', { name: 'Umbrella', phone: '400-555-0101' });
    const list = (await t.request({ method: 'GET', url: '/api/records/company?q=umbrella' })).json() as RecordPage;
    const one = (await t.request({ method: 'GET', url: `/api/records/company/${created.id}` })).json() as Record<string, unknown>;
    expect(list.items.map((r) => r.id)).toEqual([created.id]);
    for (const record of [created, one, ...list.items]) expect(Object.keys(record)).not.toContain('_search');
  });

  it('is added at start to a table made before search existed', async () => {
    await createObject(t, { api_name: 'legacy', label: { en: 'Legacy' }, fields: [] });
    await createRecord(t, 'legacy', { name: 'Old Timer' });
    await t.engine.knex.raw(`alter table ${qualify(t.tenant.schema, 'legacy')} drop column _search`);
    expect(await searchColumn('legacy')).toBeUndefined();
    expect(await ensureSearchColumns(t.engine.knex, t.tenant, createBuiltinRegistry())).toEqual(['legacy']);
    expect(await searchColumn('legacy')).toMatch(/search_vector\(VARIADIC ARRAY\[name\]\)/);
    const res = await t.request({ method: 'GET', url: '/api/records/legacy?q=timer' });
    expect((res.json() as RecordPage).items.map((r) => r.name)).toEqual(['Old Timer']);
    expect(await ensureSearchColumns(t.engine.knex, t.tenant, createBuiltinRegistry())).toEqual([]);
  });

  it('refuses searchable on a type that cannot be searched', async () => {
    const problem = problemOf(await t.request({ method: 'PATCH', url: '/api/meta/objects/company/fields/size', payload: { searchable: true } }));
    expect([problem.status, problem.code]).toEqual([422, 'invalid_metadata']);
    expect(problem.errors?.map((e) => e.field)).toEqual(['fields.size.searchable']);
    const refused = problemOf(await t.request({ method: 'POST', url: '/api/meta/objects/company/fields', payload: { api_name: 'flag', type: 'boolean', searchable: true } }));
    expect([refused.status, refused.code]).toEqual([422, 'invalid_metadata']);
  });

  it('saves a very long searchable text (cut at 30,000 characters for the index) without error', async () => {
    await patchField('about', { searchable: true });
    const digits = Array.from({ length: 100_000 }, (_, i) => String((i * 7919) % 10)).join('');
    const res = await t.request({ method: 'POST', url: '/api/records/company', payload: { name: 'Long one', about: `长文本${'测试数据'.repeat(5000)} ${digits}` } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(await found('测试数据')).toEqual(['Long one']);
  });
});
