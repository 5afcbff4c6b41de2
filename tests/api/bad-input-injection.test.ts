import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import type { ProblemDetails } from '../../engine/src/kernel/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectRefusedWithoutChange, snapshotTenant, type Refusal, type TestRequest } from '../support/snapshot.ts';

let t: TestEngine;
let canaryId: string;

/** SQL that would drop the canary table, or widen a condition, if any of it were pasted into a statement. */
const ATTACKS = [
  'canary"; drop table canary; --',
  "canary'; drop table canary; --",
  "x' or '1'='1",
  'x") or ("1"="1',
  'x); drop table canary; --',
  '$$; drop table canary; $$',
  "x\\'; drop table canary; --",
  'canary" cascade --',
  "%' or 1=1 --",
  '*/ drop table canary /*',
];
const STORED = "Robert'); drop table canary; --";

beforeAll(async () => {
  t = await startTestEngine();
  const created = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'canary', fields: [{ api_name: 'note', type: 'text' }, { api_name: 'seats', type: 'integer' }, { api_name: 'extra', type: 'json' }] } });
  if (created.statusCode !== 201) throw new Error(`canary object: ${created.body}`);
  for (const name of ['Tweety', STORED]) {
    const record = await t.request({ method: 'POST', url: '/api/records/canary', payload: { name, note: name } });
    if (record.statusCode !== 201) throw new Error(`canary record: ${record.body}`);
    canaryId ??= (record.json() as { id: string }).id;
  }
});
afterAll(() => t?.close());

async function canaryStillThere(): Promise<void> {
  const [row] = (await t.engine.knex.raw<{ rows: Array<{ count: number }> }>(`select count(*)::int as count from ${qualify(t.tenant.schema, 'canary')}`)).rows;
  expect(row?.count).toBe(2);
}

async function refused(request: TestRequest, refusal: Refusal): Promise<ProblemDetails> {
  const problem = await expectRefusedWithoutChange(t, request, refusal);
  await canaryStillThere();
  return problem;
}

const enc = encodeURIComponent;
const filterOn = (field: string, value: unknown) => `filter=${enc(JSON.stringify({ '==': [{ var: field }, value] }))}`;
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(ATTACKS)('the attack %s', (attack) => {
  it('as an object or field name is refused as invalid_name', async () => {
    await refused({ method: 'POST', url: '/api/meta/objects', payload: { api_name: attack } }, { status: 422, code: 'invalid_name', fields: ['api_name'] });
    await refused({ method: 'POST', url: '/api/meta/objects/canary/fields', payload: { api_name: attack, type: 'text' } }, { status: 422, code: 'invalid_name', fields: [/api_name$/] });
    await refused({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'nest', fields: [{ api_name: attack, type: 'text' }] } }, { status: 422, code: 'invalid_name', fields: [/^fields\..*api_name$/s] });
  });

  it('in the settings of a field is refused as invalid_metadata', async () => {
    const settings: Array<[object, RegExp]> = [
      [{ type: 'lookup', target: attack }, /target$/],
      [{ type: 'picklist', values: [{ value: attack, label: { en: 'x' } }] }, /values/],
      [{ type: 'autonumber', pattern: `${attack}{0000}` }, /pattern$/],
      [{ type: 'currency', currencies: [attack] }, /currencies/],
      [{ type: 'text', max_length: attack }, /max_length$/],
    ];
    for (const [field, path] of settings) {
      await refused({ method: 'POST', url: '/api/meta/objects/canary/fields', payload: { api_name: 'evil', ...field } }, { status: 422, code: 'invalid_metadata', fields: [path] });
    }
    await refused({ method: 'POST', url: '/api/meta/objects/canary/fields', payload: { api_name: 'evil', type: attack } }, { status: 422, code: 'unknown_field_type', fields: [/type$/] });
    await refused({ method: 'PATCH', url: '/api/meta/objects/canary', payload: { name_field: attack } }, { status: 422, code: 'invalid_metadata', fields: ['name_field'] });
    await refused({ method: 'PATCH', url: '/api/meta/objects/canary', payload: { icon: attack } }, { status: 422, code: 'invalid_metadata', fields: ['icon'] });
  });

  it('in a path is a 404 that names nothing it found', async () => {
    await refused({ method: 'GET', url: `/api/records/${enc(attack)}` }, { status: 404, code: 'object_not_found' });
    await refused({ method: 'POST', url: `/api/records/${enc(attack)}`, payload: { name: 'x' } }, { status: 404, code: 'object_not_found' });
    await refused({ method: 'GET', url: `/api/records/canary/${enc(attack)}` }, { status: 404, code: 'record_not_found' });
    await refused({ method: 'PATCH', url: `/api/records/canary/${enc(attack)}`, payload: { name: 'x' } }, { status: 404, code: 'record_not_found' });
    await refused({ method: 'DELETE', url: `/api/records/canary/${enc(attack)}` }, { status: 404, code: 'record_not_found' });
    await refused({ method: 'DELETE', url: `/api/meta/objects/${enc(attack)}` }, { status: 404, code: 'object_not_found' });
    await refused({ method: 'DELETE', url: `/api/meta/objects/canary/fields/${enc(attack)}` }, { status: 404, code: 'field_not_found' });
    await refused({ method: 'PATCH', url: `/api/meta/objects/canary/fields/${enc(attack)}`, payload: { label: 'x' } }, { status: 404, code: 'field_not_found' });
    await refused({ method: 'GET', url: `/api/meta/changes/${enc(attack)}` }, { status: 404, code: 'change_not_found' });
  });

  it('as a filter field, sort, cursor or projection is refused with its code', async () => {
    // A filter's errors name the place in the rule; the message names the field asked for.
    const unknown = await refused({ method: 'GET', url: `/api/records/canary?${filterOn(attack, 'x')}` }, { status: 400, code: 'invalid_filter', fields: ['==.0.var'] });
    expect(unknown.errors?.[0]?.message).toContain(attack);
    await refused({ method: 'GET', url: `/api/records/canary?filter=${enc(JSON.stringify({ [attack]: [{ var: 'name' }, 'x'] }))}` }, { status: 400, code: 'invalid_filter' });
    await refused({ method: 'GET', url: `/api/records/canary?sort=${enc(attack)}` }, { status: 400, code: 'invalid_sort' });
    await refused({ method: 'GET', url: `/api/records/canary?sort=name,-${enc(attack)}` }, { status: 400, code: 'invalid_sort' });
    await refused({ method: 'GET', url: `/api/records/canary?fields=name,${enc(attack)}` }, { status: 400, code: 'invalid_parameter', fields: [attack] });
    await refused({ method: 'GET', url: `/api/records/canary?cursor=${enc(attack)}` }, { status: 400, code: 'invalid_cursor' });
    await refused({ method: 'GET', url: `/api/records/canary?cursor=${cursorOf({ s: attack, v: ['x'] })}` }, { status: 400, code: 'invalid_cursor' });
    await refused({ method: 'GET', url: `/api/records/canary?cursor=${cursorOf({ s: 'id', v: [attack] })}` }, { status: 400, code: 'invalid_cursor' });
    await refused({ method: 'GET', url: `/api/records/canary?sort=seats&cursor=${cursorOf({ s: 'seats,id', v: [attack, canaryId] })}` }, { status: 400, code: 'invalid_cursor' });
    await refused({ method: 'POST', url: '/api/records/canary/query', payload: { sort: [attack] } }, { status: 400, code: 'invalid_sort' });
    await refused({ method: 'POST', url: '/api/records/canary/query', payload: { [attack]: 1 } }, { status: 400, code: 'invalid_parameter', fields: [attack] });
    await refused({ method: 'GET', url: `/api/records/canary?${filterOn('seats', attack)}` }, { status: 400, code: 'invalid_filter', fields: ['=='] });
    // An id compared with text that is no id matches nothing.
    const byId = await t.request({ method: 'GET', url: `/api/records/canary?${filterOn('id', attack)}` });
    expect([byId.statusCode, (byId.json() as { items: unknown[] }).items]).toEqual([200, []]);
  });

  it('as a filter value is only data: nothing matches, nothing changes', async () => {
    for (const url of [`/api/records/canary?${filterOn('name', attack)}`, `/api/records/canary?${filterOn('note', attack)}`, `/api/meta/changes?object=${enc(attack)}`]) {
      const before = await snapshotTenant(t);
      const response = await t.request({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      expect((response.json() as { items: unknown[] }).items).toEqual([]);
      expect(await snapshotTenant(t)).toEqual(before);
      await canaryStillThere();
    }
  });

  it('as the text value of a cursor is only data: the page holds real records, nothing changes', async () => {
    const before = await snapshotTenant(t);
    const response = await t.request({ method: 'GET', url: `/api/records/canary?sort=-name&cursor=${cursorOf({ s: '-name,id', v: [attack, canaryId] })}` });
    expect(response.statusCode, response.body).toBe(200);
    for (const item of (response.json() as { items: Array<{ name: string }> }).items) expect(['Tweety', STORED]).toContain(item.name);
    expect(await snapshotTenant(t)).toEqual(before);
    await canaryStillThere();
  });

  it('as login credentials or a token is 401, never a login', async () => {
    await refused({ method: 'POST', url: '/api/auth/login', token: null, payload: { email: attack, password: attack } }, { status: 401, code: 'invalid_credentials' });
    await refused({ method: 'POST', url: '/api/auth/login', token: null, payload: { email: t.adminEmail, password: `${attack}' or '1'='1` } }, { status: 401, code: 'invalid_credentials' });
    await refused({ method: 'GET', url: '/api/records/canary', token: `tss.${t.tenant.slug}.${attack}` }, { status: 401, code: 'unauthorized' });
    await refused({ method: 'PATCH', url: `/api/records/canary/${canaryId}`, headers: { 'if-match': attack }, payload: { note: 'x' } }, { status: 400, code: 'invalid_if_match' });
  });
});

describe('values that look like SQL', () => {
  it('a record named with SQL is found by an equality filter on exactly that text, and only it', async () => {
    const response = await t.request({ method: 'GET', url: `/api/records/canary?${filterOn('name', STORED)}` });
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as { items: Array<{ name: string; note: string }> }).items).toEqual([expect.objectContaining({ name: STORED, note: STORED })]);
    await canaryStillThere();
  });

  const NUL = 'nul\u0000byte';
  it.each([
    ['a record text', { method: 'POST', url: '/api/records/canary', payload: { name: NUL } }, { status: 422, code: 'validation_failed', fields: ['name'] }],
    ['a key inside a JSON field', { method: 'POST', url: '/api/records/canary', payload: { name: 'ok', extra: { [NUL]: 1 } } }, { status: 422, code: 'validation_failed', fields: ['extra'] }],
    ['a value inside a JSON field', { method: 'POST', url: '/api/records/canary', payload: { name: 'ok', extra: [[NUL]] } }, { status: 422, code: 'validation_failed', fields: ['extra'] }],
    ['a filter value', { method: 'GET', url: `/api/records/canary?${filterOn('name', NUL)}` }, { status: 400, code: 'invalid_filter', fields: ['==.1'] }],
    ['an object label', { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'nul_label', label: NUL } }, { status: 422, code: 'invalid_metadata', fields: [/^label[./]en$/] }],
    ['a field description', { method: 'POST', url: '/api/meta/objects/canary/fields', payload: { api_name: 'nul_text', type: 'text', description: NUL } }, { status: 422, code: 'invalid_metadata', fields: [/description$/] }],
  ] as Array<[string, TestRequest, Refusal]>)('a NUL character in %s is refused with a 4xx naming it, not a 500', async (_where, request, refusal) => {
    await refused(request, refusal);
  });
});
