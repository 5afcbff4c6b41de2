import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectRefusedWithoutChange, snapshotTenant, type Refusal } from '../support/snapshot.ts';

let t: TestEngine;

async function ok(method: 'POST' | 'DELETE', url: string, payload?: object): Promise<void> {
  const response = await t.request({ method, url, ...(payload ? { payload } : {}) });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.body}`);
}

beforeAll(async () => {
  t = await startTestEngine();
  await ok('POST', '/api/meta/objects', { api_name: 'account', fields: [{ api_name: 'city', type: 'text' }, { api_name: 'fax', type: 'phone' }] });
  await ok('DELETE', '/api/meta/objects/account/fields/fax');
  await ok('POST', '/api/meta/objects', { api_name: 'legacy_contract' });
  await ok('DELETE', '/api/meta/objects/legacy_contract');
});
afterAll(() => t?.close());

const picklistValue = (value: string) => ({ value, label: { en: value } });

describe('duplicate names', () => {
  it('refuses an object name that exists with duplicate_name', async () => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account' } }, { status: 409, code: 'duplicate_name', fields: ['api_name'] });
  });

  it('refuses the name of an archived object (it keeps its table and name)', async () => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'legacy_contract' } }, { status: 409, code: 'duplicate_name', fields: ['api_name'] });
  });

  it('refuses two fields of one name in the same request with duplicate_name', async () => {
    const payload = { api_name: 'invoice', fields: [{ api_name: 'total', type: 'decimal' }, { api_name: 'total', type: 'integer' }] };
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload }, { status: 409, code: 'duplicate_name', fields: ['fields.total.api_name'] });
  });

  it('refuses a second "name" field beside the one the engine adds for a new object', async () => {
    const payload = { api_name: 'invoice', fields: [{ api_name: 'name', type: 'text' }, { api_name: 'name', type: 'text' }] };
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload }, { status: 409, code: 'duplicate_name', fields: ['fields.name.api_name'] });
  });

  it.each([
    ['an active field', 'city'],
    ['the name field', 'name'],
    ['an archived field', 'fax'],
  ])('refuses adding a field named like %s with duplicate_name', async (_what, name) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: name, type: 'text' } }, { status: 409, code: 'duplicate_name', fields: ['api_name'] });
  });
});

describe('field types and their settings', () => {
  const cases: Array<[string, object, Refusal]> = [
    ['an unknown type', { api_name: 'x', type: 'varchar' }, { status: 422, code: 'unknown_field_type', fields: [/type$/] }],
    ['a type in upper case', { api_name: 'x', type: 'TEXT' }, { status: 422, code: 'unknown_field_type', fields: [/type$/] }],
    ['a type named like an Object.prototype key', { api_name: 'x', type: 'constructor' }, { status: 422, code: 'unknown_field_type', fields: [/type$/] }],
    ['__proto__ as the type', { api_name: 'x', type: '__proto__' }, { status: 422, code: 'unknown_field_type', fields: [/type$/] }],
    ['a number as the type', { api_name: 'x', type: 7 }, { status: 422, code: 'unknown_field_type', fields: [/type$/] }],
    ['no type', { api_name: 'x' }, { status: 422, code: 'unknown_field_type', fields: [/type$/] }],
    ['a lookup to a missing object', { api_name: 'x', type: 'lookup', target: 'no_such_object' }, { status: 422, code: 'lookup_target_missing', fields: [/target$/] }],
    ['a lookup without a target', { api_name: 'x', type: 'lookup' }, { status: 422, code: 'lookup_target_missing', fields: [/target$/] }],
    ['a lookup to a system table', { api_name: 'x', type: 'lookup', target: '_users' }, { status: 422, code: 'invalid_metadata', fields: [/target$/] }],
    ['precision on text', { api_name: 'x', type: 'text', precision: 10 }, { status: 422, code: 'invalid_metadata', fields: [/\.precision$/] }],
    ['values on an integer', { api_name: 'x', type: 'integer', values: [picklistValue('a')] }, { status: 422, code: 'invalid_metadata', fields: [/\.values$/] }],
    ['a made-up property', { api_name: 'x', type: 'text', colour: 'red' }, { status: 422, code: 'invalid_metadata', fields: [/\.colour$/] }],
    ['max_length as a string', { api_name: 'x', type: 'text', max_length: '40' }, { status: 422, code: 'invalid_metadata', fields: [/max_length$/] }],
    ['max_length 0', { api_name: 'x', type: 'text', max_length: 0 }, { status: 422, code: 'invalid_metadata', fields: [/max_length$/] }],
    ['decimal scale above precision', { api_name: 'x', type: 'decimal', precision: 4, scale: 6 }, { status: 422, code: 'invalid_metadata', fields: [/\.scale$/] }],
    ['decimal precision beyond a JSON number', { api_name: 'x', type: 'decimal', precision: 40 }, { status: 422, code: 'invalid_metadata', fields: [/precision$/] }],
    ['integer min above max', { api_name: 'x', type: 'integer', min: 10, max: 1 }, { status: 422, code: 'invalid_metadata', fields: [/\.min$/] }],
    ['a picklist with a value listed twice', { api_name: 'x', type: 'picklist', values: [picklistValue('a'), picklistValue('a')] }, { status: 422, code: 'invalid_metadata', fields: [/values/] }],
    ['a picklist without values', { api_name: 'x', type: 'picklist', values: [] }, { status: 422, code: 'invalid_metadata', fields: [/values/] }],
    ['a picklist whose values are all inactive', { api_name: 'x', type: 'picklist', values: [{ ...picklistValue('a'), active: false }] }, { status: 422, code: 'invalid_metadata', fields: [/values/] }],
    ['a picklist value with a quote', { api_name: 'x', type: 'picklist', values: [picklistValue("o'neil")] }, { status: 422, code: 'invalid_metadata', fields: [/values/] }],
    ['an autonumber pattern without a counter', { api_name: 'x', type: 'autonumber', pattern: 'INV-{YYYY}' }, { status: 422, code: 'invalid_metadata', fields: [/\.pattern$/] }],
    ['an autonumber pattern with two counters', { api_name: 'x', type: 'autonumber', pattern: '{000}-{000}' }, { status: 422, code: 'invalid_metadata', fields: [/\.pattern$/] }],
    ['an autonumber without a pattern', { api_name: 'x', type: 'autonumber' }, { status: 422, code: 'invalid_metadata', fields: [/\.pattern$/] }],
    ['a default for an autonumber', { api_name: 'x', type: 'autonumber', pattern: 'A-{0000}', default: 'A-0001' }, { status: 422, code: 'invalid_metadata', fields: [/\.default$/] }],
    ['a default of the wrong type', { api_name: 'x', type: 'integer', default: 'seven' }, { status: 422, code: 'invalid_metadata', fields: [/\.default$/] }],
    ['a currency code in lower case', { api_name: 'x', type: 'currency', currencies: ['cny'] }, { status: 422, code: 'invalid_metadata', fields: [/currencies/] }],
    ['unique on a long text', { api_name: 'x', type: 'long_text', unique: true }, { status: 422, code: 'invalid_metadata', fields: [/\.unique$/] }],
    ['required as a string', { api_name: 'x', type: 'text', required: 'yes' }, { status: 422, code: 'invalid_metadata', fields: [/required$/] }],
  ];

  it.each(cases)('refuses a new field with %s', async (_what, field, refusal) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects/account/fields', payload: field }, refusal);
  });

  it.each(cases)('refuses a new object whose field has %s', async (_what, field, refusal) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'invoice', fields: [field] } }, refusal);
  });

  it('refuses a type change to an unknown type', async () => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: '/api/meta/objects/account/fields/city', payload: { type: 'varchar' } }, { status: 422, code: 'unknown_field_type', fields: [/type$/] });
  });

  it('refuses a setting of another type in a field change', async () => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: '/api/meta/objects/account/fields/city', payload: { scale: 2 } }, { status: 422, code: 'invalid_metadata', fields: [/\.scale$/] });
  });
});

describe('labels and descriptions', () => {
  const long = 'L'.repeat(10_000);
  it.each([
    ['a 10,000-character label', { label: long }, /^label[./]en$/],
    ['a 10,000-character Chinese label', { label: { 'zh-CN': '名'.repeat(10_000) } }, /^label[./]zh-CN$/],
    ['a label in an unknown language', { label: { fr: 'Compte' } }, /^label[./]fr$/],
    ['an empty label', { label: '' }, /^label[./]en$/],
    ['a label as a number', { label: 42 }, /^label$/],
    ['a 3,000-character description', { description: 'd'.repeat(3000) }, /^description$/],
    ['an icon with markup', { icon: '<svg onload=alert(1)>' }, /^icon$/],
  ])('refuses a new object with %s, naming the property', async (_what, extra, field) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'invoice', ...extra } }, { status: 422, code: 'invalid_metadata', fields: [field] });
  });

  it.each([
    ['a 10,000-character label', { label: long }, /label[./]en$/],
    ['a 3,000-character description', { description: 'd'.repeat(3000) }, /description$/],
    ['a 2,000-character help text', { help_text: 'h'.repeat(2000) }, /help_text[./]en$/],
  ])('refuses a new field with %s, naming the property', async (_what, extra, field) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: 'notes', type: 'text', ...extra } }, { status: 422, code: 'invalid_metadata', fields: [field] });
  });

  it.each([
    ['a 10,000-character label', { label: long }, /^label[./]en$/],
    ['an api_name (names never change)', { api_name: 'client' }, /^api_name$/],
    ['a field list (fields change through /fields)', { fields: [] }, /^fields$/],
    ['a name field that is not a field', { name_field: 'nope' }, /^name_field$/],
  ])('refuses an object change with %s', async (_what, patch, field) => {
    const problem = await expectRefusedWithoutChange(t, { method: 'PATCH', url: '/api/meta/objects/account', payload: patch }, { status: 422, code: 'api_name' in patch ? 'immutable_property' : 'invalid_metadata', fields: [field] });
    expect(problem.errors?.length).toBeGreaterThan(0);
  });

  it('the snapshot notices a change that is accepted, so the refusals above are meaningful', async () => {
    const before = await snapshotTenant(t);
    const response = await t.request({ method: 'PATCH', url: '/api/meta/objects/account', payload: { description: 'Customers' } });
    expect(response.statusCode, response.body).toBe(200);
    const after = await snapshotTenant(t);
    expect(after.meta.stateVersion).toBe(before.meta.stateVersion + 1);
    expect(after.meta.changeCount).toBe(before.meta.changeCount + 1);
    expect(after).not.toEqual(before);
  });
});
