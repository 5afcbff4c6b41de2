import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf } from '../support/record-helpers.ts';
import { adminCreateUser, expectStatus, logIn } from '../access/helpers.ts';

/** GET /api/forms/:object: the form react-jsonschema-form renders, per actor, layout and language. */

interface Form {
  object: string;
  mode: string;
  schema: { title: string; required: string[]; properties: Record<string, Record<string, unknown>> };
  uiSchema: Record<string, Record<string, unknown>> & { 'ui:order': string[] };
  layout: { api_name: string; label: string; sections: Array<{ label: string; columns: number; fields: Array<Record<string, unknown>> }> };
}

let t: TestEngine;
let rep: string;

const DEAL = {
  api_name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  plural_label: { en: 'Deals', 'zh-CN': '商机' },
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    { api_name: 'number', type: 'autonumber', label: { en: 'Number', 'zh-CN': '编号' }, pattern: 'D-{0000}' },
    {
      api_name: 'stage',
      type: 'picklist',
      label: { en: 'Stage', 'zh-CN': '阶段' },
      values: [
        { value: 'open', label: { en: 'Open', 'zh-CN': '进行中' }, color: '#1677ff' },
        { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' }, color: '#52c41a' },
        { value: 'old', label: { en: 'Old' }, active: false },
      ],
    },
    { api_name: 'amount', type: 'currency', label: { en: 'Amount', 'zh-CN': '金额' }, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
    { api_name: 'margin', type: 'percent', label: { en: 'Margin', 'zh-CN': '毛利率' } },
    { api_name: 'discount', type: 'decimal', label: { en: 'Discount' }, help_text: { en: 'Off the list price' } },
    { api_name: 'close_date', type: 'date', label: { en: 'Close date', 'zh-CN': '预计成交日期' } },
    { api_name: 'account', type: 'lookup', label: { en: 'Account', 'zh-CN': '客户' }, target: 'account' },
    { api_name: 'tags', type: 'multi_picklist', label: { en: 'Tags' }, values: [{ value: 'hot', label: { en: 'Hot' } }] },
    { api_name: 'lost_reason', type: 'text', label: { en: 'Lost reason' } },
  ],
  layouts: [
    {
      api_name: 'sales',
      label: { en: 'Sales', 'zh-CN': '销售' },
      sections: [
        { label: { en: 'Deal', 'zh-CN': '商机' }, columns: 2, fields: [{ field: 'name' }, { field: 'stage' }, { field: 'amount' }, { field: 'margin' }, { field: 'account' }] },
        {
          label: { en: 'Closing', 'zh-CN': '成交' },
          columns: 1,
          fields: [
            { field: 'close_date', required: true },
            { field: 'lost_reason', visible_if: { '==': [{ var: 'stage' }, 'won'] }, required_if: { '!!': [{ var: 'margin' }] } },
            { field: 'discount', read_only: true },
          ],
        },
      ],
    },
    { api_name: 'manager_view', label: { en: 'Manager' }, roles: ['manager'], sections: [{ label: { en: 'Numbers' }, fields: [{ field: 'amount' }, { field: 'margin' }] }] },
  ],
};

const form = async (url: string, token?: string): Promise<Form> => expectStatus(await t.request({ method: 'GET', url, ...(token ? { token } : {}) }), 200).json() as Form;

beforeAll(async () => {
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account', label: { en: 'Account', 'zh-CN': '客户' }, plural_label: { en: 'Accounts' } } }), 201);
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: DEAL }), 201);
  const role = { api_name: 'rep', object_rights: { deal: { create: true, edit: true }, account: { read: true } }, field_rights: { deal: { margin: 'none', amount: 'read' } }, data_scopes: { deal: 'self' } };
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: role }), 201);
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'manager', object_rights: { deal: { create: true, edit: true } } } }), 201);
  await adminCreateUser(t, { email: 'rep@forms.test', name: 'Rep', password: 'rep password 1', roles: ['rep'], locale: 'zh-CN' });
  await adminCreateUser(t, { email: 'boss@forms.test', name: 'Boss', password: 'boss password 1', roles: ['manager'] });
  rep = (await logIn(t, 'rep@forms.test', 'rep password 1')).token;
}, 120_000);
afterAll(() => t.close());

describe('GET /api/forms/:object', () => {
  it('gives the admin the first layout for everyone, its sections, widgets per field type and labels', async () => {
    const f = await form('/api/forms/deal?locale=en');
    expect(f.layout.api_name).toBe('sales');
    expect(f.layout.sections.map((s) => [s.label, s.columns, s.fields.map((x) => x.field)])).toEqual([
      ['Deal', 2, ['name', 'stage', 'amount', 'margin', 'account']],
      ['Closing', 1, ['close_date', 'lost_reason', 'discount']],
    ]);
    expect(f.uiSchema['ui:order']).toEqual(['name', 'stage', 'amount', 'margin', 'account', 'close_date', 'lost_reason', 'discount']);
    expect(f.schema.title).toBe('Deal');
    // Required: the field's own flag and the layout's; never a read-only field.
    expect(f.schema.required.sort()).toEqual(['close_date', 'name']);
    expect(f.schema.properties.name).toMatchObject({ type: 'string', title: 'Name' });
    expect(f.schema.properties.amount).toMatchObject({ type: 'object', title: 'Amount' });
    expect(f.uiSchema.amount).toMatchObject({ 'ui:field': 'currency', 'ui:options': { currencies: ['CNY', 'USD'], defaultCurrency: 'CNY' } });
    expect(f.uiSchema.margin).toMatchObject({ 'ui:widget': 'percent' });
    expect(f.uiSchema.close_date).toMatchObject({ 'ui:widget': 'date' });
    expect(f.uiSchema.account).toMatchObject({ 'ui:widget': 'lookup', 'ui:options': { target: 'account', targetLabel: 'Account', nameField: 'name' } });
    // Picklists: active values in order, labelled and coloured; the schema allows only them.
    expect(f.uiSchema.stage).toMatchObject({ 'ui:widget': 'picklist', 'ui:options': { values: [{ value: 'open', label: 'Open', color: '#1677ff' }, { value: 'won', label: 'Won', color: '#52c41a' }] } });
    expect(f.schema.properties.stage?.enum).toEqual(['open', 'won']);
    // The layout's read-only flag, and the rules for the app to evaluate live.
    expect(f.schema.properties.discount).toMatchObject({ readOnly: true, description: 'Off the list price' });
    expect(f.uiSchema.discount).toMatchObject({ 'ui:readonly': true });
    const closing = f.layout.sections[1]?.fields ?? [];
    expect(closing.find((x) => x.field === 'lost_reason')).toEqual({
      field: 'lost_reason',
      read_only: false,
      required: false,
      visible_if: { '==': [{ var: 'stage' }, 'won'] },
      required_if: { '!!': [{ var: 'margin' }] },
    });
  });

  it('has labels in the actor\'s own language unless another is asked for', async () => {
    const f = await form('/api/forms/deal?locale=zh-CN');
    expect(f.schema.title).toBe('商机');
    expect(f.schema.properties.stage?.title).toBe('阶段');
    expect(f.layout.label).toBe('销售');
    expect((f.uiSchema.stage?.['ui:options'] as { values: Array<{ label: string }> }).values.map((v) => v.label)).toEqual(['进行中', '赢单']);
    // Without a Chinese label, the English one.
    expect(f.schema.properties.discount?.title).toBe('Discount');
    // The rep's own locale is zh-CN.
    expect((await form('/api/forms/deal', rep)).schema.properties.close_date?.title).toBe('预计成交日期');
  });

  it('leaves out the fields a rep may not read and makes those they may not edit read-only', async () => {
    const f = await form('/api/forms/deal', rep);
    expect(Object.keys(f.schema.properties)).not.toContain('margin');
    expect(f.uiSchema['ui:order']).not.toContain('margin');
    expect(f.layout.sections.flatMap((s) => s.fields.map((x) => x.field))).not.toContain('margin');
    // Even the rule that reads it is left out: the field shows, required by its own flags only.
    expect(JSON.stringify(f)).not.toContain('"margin"');
    expect(f.layout.sections[1]?.fields.find((x) => x.field === 'lost_reason')).toEqual({ field: 'lost_reason', read_only: false, required: false, visible_if: { '==': [{ var: 'stage' }, 'won'] } });
    expect(f.schema.properties.amount).toMatchObject({ readOnly: true });
    expect(f.uiSchema.amount).toMatchObject({ 'ui:readonly': true });
    expect(f.schema.properties.name).not.toHaveProperty('readOnly');
  });

  it('chooses the layout for the actor\'s roles, or the one asked for, or the default', async () => {
    const boss = (await logIn(t, 'boss@forms.test', 'boss password 1')).token;
    expect((await form('/api/forms/deal', boss)).layout.api_name).toBe('manager_view');
    expect((await form('/api/forms/deal?layout=sales', boss)).layout.api_name).toBe('sales');
    const all = await form('/api/forms/deal?layout=default&locale=en');
    expect(all.layout.sections).toHaveLength(1);
    // The default layout has every field; the autonumber is read-only.
    expect(all.uiSchema['ui:order']).toEqual(DEAL.fields.map((f) => f.api_name));
    expect(all.uiSchema.number).toMatchObject({ 'ui:widget': 'autonumber', 'ui:readonly': true });
    expect(all.schema.properties.number).toMatchObject({ readOnly: true });
    expect(all.uiSchema.tags).toMatchObject({ 'ui:widget': 'multi_picklist' });
  });

  it('without layouts, gives one section of all fields', async () => {
    const f = await form('/api/forms/account?locale=en');
    expect(f.layout).toMatchObject({ api_name: 'default', sections: [{ label: 'Details', fields: [{ field: 'name', required: true }] }] });
    expect(f.schema.required).toEqual(['name']);
  });

  it('update mode: required only where the field itself is', async () => {
    const f = await form('/api/forms/deal?mode=update&layout=sales');
    expect(f.mode).toBe('update');
    expect(f.schema.required.sort()).toEqual(['close_date', 'name']);
  });

  it('refuses an unknown object (404), an unknown layout (404) and bad parameters (400)', async () => {
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/nothing_here' }))).toMatchObject({ status: 404, code: 'object_not_found' });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/deal?layout=nope' }))).toMatchObject({ status: 404, code: 'layout_not_found' });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/deal?mode=delete' }))).toMatchObject({ status: 400, code: 'invalid_parameter' });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/deal?locale=fr' }))).toMatchObject({ status: 400, code: 'invalid_parameter' });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/deal', token: null }))).toMatchObject({ status: 401 });
  });

  it('refuses a create form to someone who may only read', async () => {
    expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'reader', object_rights: { account: { read: true } } } }), 201);
    await adminCreateUser(t, { email: 'reader@forms.test', name: 'Reader', password: 'reader password 1', roles: ['reader'] });
    const reader = (await logIn(t, 'reader@forms.test', 'reader password 1')).token;
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/account', token: reader }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await form('/api/forms/account?mode=update', reader)).schema.properties.name).toMatchObject({ readOnly: true });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/forms/deal?mode=update', token: reader }))).toMatchObject({ status: 403, code: 'forbidden' });
  });
});

describe('layouts in object metadata are checked when saved', () => {
  const patch = (layouts: unknown) => t.request({ method: 'PATCH', url: '/api/meta/objects/account', payload: { layouts } });
  const section = (fields: unknown[]) => [{ api_name: 'main', label: { en: 'Main' }, sections: [{ label: { en: 'S' }, fields }] }];

  it('refuses unknown fields, a field placed twice, bad rules and bad shapes, naming the place', async () => {
    const unknown = problemOf(await patch(section([{ field: 'nope' }])));
    expect(unknown).toMatchObject({ status: 422, code: 'invalid_metadata' });
    expect(unknown.errors?.map((e) => e.field)).toEqual(['layouts.0.sections.0.fields.0.field']);
    const twice = problemOf(await patch(section([{ field: 'name' }, { field: 'name' }])));
    expect(twice.errors?.map((e) => e.field)).toEqual(['layouts.0.sections.0.fields.1.field']);
    const rule = problemOf(await patch(section([{ field: 'name', visible_if: { '==': [{ var: 'missing_field' }, 1] } }])));
    expect(rule.errors?.[0]?.field).toMatch(/^layouts\.0\.sections\.0\.fields\.0\.visible_if/);
    const op = problemOf(await patch(section([{ field: 'name', required_if: { eval: ['x'] } }])));
    expect(op.errors?.[0]?.field).toMatch(/^layouts\.0\.sections\.0\.fields\.0\.required_if/);
    expect(problemOf(await patch([{ api_name: 'main', label: { en: 'Main' }, sections: [{ label: { en: 'S' }, columns: 3, fields: [] }] }]))).toMatchObject({ status: 422 });
    const same = problemOf(await patch([...section([{ field: 'name' }]), ...section([{ field: 'name' }])]));
    expect(same.errors?.map((e) => e.field)).toEqual(['layouts.1.api_name']);
    // Nothing was saved.
    expect((await form('/api/forms/account')).layout.api_name).toBe('default');
  });

  it('accepts a good layout and the form uses it', async () => {
    expectStatus(await patch([{ api_name: 'main', label: { en: 'Main' }, sections: [{ label: { en: 'Who' }, fields: [{ field: 'name', visible_if: { '!=': [{ var: 'name' }, ''] } }] }] }]), 200);
    expect((await form('/api/forms/account?locale=en')).layout).toMatchObject({ api_name: 'main', label: 'Main', sections: [{ label: 'Who' }] });
  });
});
