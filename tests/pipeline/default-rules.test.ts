import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { expectProblem, snapshot, type ChangeResponse } from '../support/meta-helpers.ts';
import { dateIn, json, makeUser } from './helpers.ts';

/** `default_rule`: a JSON-logic default evaluated at create, in the actor's time zone, for a field left absent. */

let t: TestEngine;

const FOLLOW_UP = { date_add: [{ today: [] }, 7, 'day'] };

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: 'Account', fields: [{ api_name: 'tier', type: 'text' }] });
  await createObject(t, {
    api_name: 'lead',
    label: 'Lead',
    fields: [
      { api_name: 'follow_up', type: 'date', default_rule: FOLLOW_UP },
      { api_name: 'handler', type: 'user', default_rule: { var: 'owner_id' } },
      { api_name: 'title', type: 'text', default_rule: { cat: [{ var: 'name' }, ' (', { var: 'source' }, ')'] } },
      { api_name: 'source', type: 'text', default: 'web' },
      { api_name: 'score', type: 'integer', default_rule: { if: [{ '==': [{ var: 'source' }, 'referral'] }, 50, 10] } },
      { api_name: 'short', type: 'text', max_length: 5, default_rule: { var: 'name' } },
      { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
}, 120_000);
afterAll(() => t.close());

describe('at create', () => {
  it('fills absent fields from their rules, over the input with literal defaults applied', async () => {
    const me = json<{ id: string }>(await t.request({ method: 'GET', url: '/api/auth/me' }), 200);
    const lead = await createRecord(t, 'lead', { name: 'Ann' });
    expect(lead).toMatchObject({ follow_up: dateIn('UTC', 7), handler: me.id, title: 'Ann (web)', source: 'web', score: 10, short: 'Ann' });
  });

  it('uses the other fields as given, owner_id included', async () => {
    const other = await makeUser(t);
    const lead = await createRecord(t, 'lead', { name: 'Bob', source: 'referral', owner_id: other.id });
    expect(lead).toMatchObject({ handler: other.id, title: 'Bob (referral)', score: 50 });
  });

  it('never overrides a value given, even null', async () => {
    const lead = await createRecord(t, 'lead', { name: 'Cy', follow_up: '2030-01-01', handler: null, score: 3 });
    expect(lead).toMatchObject({ follow_up: '2030-01-01', handler: null, score: 3, title: 'Cy (web)' });
  });

  it('computes dates in the actor’s time zone', async () => {
    const east = await makeUser(t, { time_zone: 'Pacific/Kiritimati' });
    const west = await makeUser(t, { time_zone: 'Pacific/Pago_Pago' });
    const a = json<ApiRecord>(await t.request({ method: 'POST', url: '/api/records/lead', payload: { name: 'east' }, token: east.token }), 201);
    const b = json<ApiRecord>(await t.request({ method: 'POST', url: '/api/records/lead', payload: { name: 'west' }, token: west.token }), 201);
    expect(a.follow_up).toBe(dateIn('Pacific/Kiritimati', 7));
    expect(b.follow_up).toBe(dateIn('Pacific/Pago_Pago', 7));
    expect(a.follow_up).not.toBe(b.follow_up);
  });

  it('a computed value goes through system validation like a typed one', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/lead', payload: { name: 'Much too long' } });
    expect(res.statusCode).toBe(422);
    expect((problemOf(res).errors ?? []).map((e) => e.field)).toEqual(['short']);
  });

  it('does nothing on update', async () => {
    const lead = await createRecord(t, 'lead', { name: 'Dee', follow_up: null });
    const updated = json<ApiRecord>(await t.request({ method: 'PATCH', url: `/api/records/lead/${lead.id}`, payload: { score: 1 } }), 200);
    expect(updated.follow_up).toBeNull();
  });
});

describe('checked when saved', () => {
  const addField = (field: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/meta/objects/lead/fields', payload: field });
  const refused = async (field: Record<string, unknown>, path: string, code: string) => {
    const before = await snapshot(t, 'lead');
    const res = await addField(field);
    expectProblem(res, 422, 'invalid_metadata');
    expect(problemOf(res).errors).toContainEqual(expect.objectContaining({ field: path, code }));
    expect(await snapshot(t, 'lead')).toEqual(before);
  };

  it('the result must fit the field', async () => {
    await refused({ api_name: 'due', type: 'date', default_rule: { '+': [1, 2] } }, 'fields.due.default_rule', 'type_mismatch');
    await refused({ api_name: 'flag', type: 'boolean', default_rule: { cat: ['a'] } }, 'fields.flag.default_rule', 'type_mismatch');
    await refused({ api_name: 'count', type: 'integer', default_rule: { today: [] } }, 'fields.count.default_rule', 'type_mismatch');
  });

  it('unknown fields and operations, lookups and both kinds of default are refused', async () => {
    await refused({ api_name: 'x1', type: 'text', default_rule: { var: 'nope' } }, 'fields.x1.default_rule.var', 'unknown_field');
    await refused({ api_name: 'x2', type: 'text', default_rule: { shout: ['a'] } }, 'fields.x2.default_rule.shout', 'unknown_operation');
    await refused({ api_name: 'x3', type: 'text', default_rule: { var: 'account.tier' } }, 'fields.x3.default_rule.var', 'unknown_field');
    await refused({ api_name: 'x4', type: 'text', default: 'a', default_rule: { cat: ['b'] } }, 'fields.x4.default_rule', 'invalid_metadata');
  });

  it('adding or changing a default rule runs no DDL beyond the new column', async () => {
    const created = json<ChangeResponse>(await addField({ api_name: 'next_call', type: 'datetime', default_rule: { now: [] } }), 201);
    expect(created.operations.map((o) => o.op)).toEqual(['add_column']);
    const changed = json<ChangeResponse>(await t.request({ method: 'PATCH', url: '/api/meta/objects/lead/fields/next_call', payload: { default_rule: null } }), 200);
    expect(changed.operations).toEqual([]);
    const lead = await createRecord(t, 'lead', { name: 'Eve' });
    expect(lead.next_call).toBeNull();
  });
});
