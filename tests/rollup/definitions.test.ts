import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, problemOf, tableRows } from '../support/record-helpers.ts';
import { snapshot } from '../support/meta-helpers.ts';
import { logIn } from '../access/helpers.ts';
import { addRollup, createSalesModel, readRecord, patch, remove } from './support.ts';

let t: TestEngine;
let accountId: string;
let first: string;
let second: string;
let binned: string;

beforeAll(async () => {
  t = await startTestEngine();
  await createSalesModel(t);
  accountId = (await createRecord(t, 'account', { name: 'Existing Co' })).id;
  first = (await createRecord(t, 'contract', { name: 'First', account: accountId })).id;
  second = (await createRecord(t, 'contract', { name: 'Second', account: accountId })).id;
  binned = (await createRecord(t, 'contract', { name: 'Binned', account: accountId })).id;
  const payments: Array<[string, number, string, string]> = [
    [first, 100, 'approved', '2026-02-01'],
    [first, 25.5, 'pending', '2026-04-15'],
    [first, 10, 'approved', '2025-11-30'],
    [second, 7, 'pending', '2026-01-01'],
    [binned, 1000, 'approved', '2026-01-01'],
  ];
  for (const [contract, amount, approval_status, paid_on] of payments) await createRecord(t, 'payment', { name: String(amount), contract, amount, approval_status, paid_on });
  const gone = await createRecord(t, 'payment', { name: 'gone', contract: first, amount: 5000, approval_status: 'approved' });
  await remove(t, 'payment', gone.id);
  await remove(t, 'contract', binned);
});
afterAll(() => t.close());

const rollup = (api_name: string, settings: Record<string, unknown>) => ({ api_name, type: 'rollup', child_object: 'payment', via: 'contract', ...settings });

describe('adding a roll-up to existing data', () => {
  it('computes it for every existing parent in the same change, and the plan says so', async () => {
    const plan = await t.request({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'create_field', object: 'contract', definition: rollup('approved', { function: 'sum', field: 'amount', filter: { '==': [{ var: 'approval_status' }, 'approved'] } }) } });
    expect(plan.statusCode, plan.body).toBe(200);
    const planned = (plan.json() as { operations: Array<{ op: string; description: string }> }).operations;
    expect(planned.map((o) => o.op)).toEqual(['add_column', 'recompute_rollup']);
    expect(planned[1]?.description).toContain('contract.approved');
    const applied = await addRollup(t, 'contract', rollup('approved', { function: 'sum', field: 'amount', filter: { '==': [{ var: 'approval_status' }, 'approved'] } }));
    expect(applied.operations.map((o) => o.op)).toEqual(['add_column', 'recompute_rollup']);
    expect((await readRecord(t, 'contract', first)).approved).toBe(110);
    expect((await readRecord(t, 'contract', second)).approved).toBe(0);
    // Binned parents are computed too (its payments went to the bin with it), so a restore shows the right value.
    expect((await tableRows(t, 'contract')).find((r) => r.id === binned)?.approved).toBe('0.00');
  });

  it('backfills count, min, max of dates, and a roll-up over a roll-up', async () => {
    await addRollup(t, 'contract', rollup('n', { function: 'count' }));
    await addRollup(t, 'contract', rollup('first_paid', { function: 'min', field: 'paid_on', return_type: 'date' }));
    await addRollup(t, 'account', { api_name: 'approved_paid', type: 'rollup', child_object: 'contract', via: 'account', function: 'sum', field: 'approved' });
    expect(await readRecord(t, 'contract', first)).toMatchObject({ n: 3, first_paid: '2025-11-30' });
    expect(await readRecord(t, 'contract', second)).toMatchObject({ n: 1, first_paid: '2026-01-01' });
    expect((await readRecord(t, 'account', accountId)).approved_paid).toBe(110);
  });

  it('recomputes when the definition changes, down to the roll-ups that read it', async () => {
    const res = await t.request({ method: 'PATCH', url: '/api/meta/objects/contract/fields/approved', payload: { filter: { '!=': [{ var: 'approval_status' }, 'approved'] } } });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { operations: Array<{ op: string }> }).operations.map((o) => o.op)).toEqual(['recompute_rollup', 'recompute_rollup']);
    expect((await readRecord(t, 'contract', first)).approved).toBe(25.5);
    expect((await readRecord(t, 'account', accountId)).approved_paid).toBe(32.5);
    // A count becomes the latest payment date: a new column type, refilled.
    const retyped = await t.request({ method: 'PATCH', url: '/api/meta/objects/contract/fields/n', payload: { function: 'max', field: 'paid_on', return_type: 'date' } });
    expect(retyped.statusCode, retyped.body).toBe(200);
    expect((await readRecord(t, 'contract', first)).n).toBe('2026-04-15');
  });

  it('is shown read-only in the OpenAPI document and the record schema', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as { components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> } };
    expect(doc.components.schemas.contract?.properties?.approved).toMatchObject({ readOnly: true });
    expect(doc.components.schemas.contract__create?.properties).not.toHaveProperty('approved');
    expect(doc.components.schemas.contract__update?.properties).not.toHaveProperty('approved');
  });
});

describe('the value is kept by the engine only', () => {
  it('cannot be written through the API, on create or update', async () => {
    const created = await t.request({ method: 'POST', url: '/api/records/contract', payload: { name: 'Forged', account: accountId, approved: 1e6 } });
    expect(problemOf(created)).toMatchObject({ status: 422 });
    expect((problemOf(created).errors ?? []).map((e) => e.field)).toEqual(['approved']);
    const updated = await t.request({ method: 'PATCH', url: `/api/records/contract/${first}`, payload: { approved: 1e6 } });
    expect(problemOf(updated)).toMatchObject({ status: 422 });
    expect((await readRecord(t, 'contract', first)).approved).toBe(25.5);
  });
});

describe('a definition that does not fit is refused, naming the setting, and nothing changes', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown child object', rollup('bad', { child_object: 'nothing_here', function: 'count' }), 'fields.bad.child_object'],
    ['a via that is not a lookup', rollup('bad', { via: 'amount', function: 'count' }), 'fields.bad.via'],
    ['a via pointing at another object', rollup('bad', { via: 'payer', function: 'count' }), 'fields.bad.via'],
    ['sum without a field', rollup('bad', { function: 'sum' }), 'fields.bad.field'],
    ['an unknown function', rollup('bad', { function: 'avg', field: 'amount' }), 'fields.bad.function'],
    ['sum of a text field', rollup('bad', { function: 'sum', field: 'name' }), 'fields.bad.field'],
    ['sum of a field the child does not have', rollup('bad', { function: 'sum', field: 'missing' }), 'fields.bad.field'],
    ['max of a date without a date return type', rollup('bad', { function: 'max', field: 'paid_on' }), 'fields.bad.return_type'],
    ['count with a field', rollup('bad', { function: 'count', field: 'amount' }), 'fields.bad.field'],
    ['a filter on a field the child does not have', rollup('bad', { function: 'count', filter: { '==': [{ var: 'colour' }, 'red'] } }), 'fields.bad.filter.==.0.var'],
    ['a filter that depends on the clock', rollup('bad', { function: 'count', filter: { '<': [{ var: 'paid_on' }, { today: [] }] } }), 'fields.bad.filter.<.1.today'],
    ['a filter reading a looked-up record', rollup('bad', { function: 'count', filter: { '==': [{ var: 'contract.name' }, 'x'] } }), 'fields.bad.filter.==.0.var'],
    ['a filter with an unknown operation', rollup('bad', { function: 'count', filter: { eval: 'x' } }), 'fields.bad.filter.eval'],
    ['a required roll-up', rollup('bad', { function: 'count', required: true }), 'fields.bad.required'],
    ['a default', rollup('bad', { function: 'count', default: 3 }), 'fields.bad.default'],
  ];
  it.each(cases)('%s', async (_what, definition, setting) => {
    const before = await snapshot(t, 'contract');
    const res = await t.request({ method: 'POST', url: '/api/meta/objects/contract/fields', payload: definition });
    const problem = problemOf(res);
    expect(problem.status, res.body).toBe(422);
    expect((problem.errors ?? []).map((e) => e.field)).toContain(setting);
    expect(await snapshot(t, 'contract')).toEqual(before);
  });

  it('refuses roll-ups that would feed each other', async () => {
    await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'node', label: { en: 'Node' }, fields: [{ api_name: 'parent', type: 'lookup', target: 'node', on_delete: 'set_null' }] } });
    await addRollup(t, 'node', { api_name: 'children', type: 'rollup', child_object: 'node', via: 'parent', function: 'count' });
    const res = await t.request({ method: 'POST', url: '/api/meta/objects/node/fields', payload: { api_name: 'tree_total', type: 'rollup', child_object: 'node', via: 'parent', function: 'sum', field: 'tree_total' } });
    expect(problemOf(res).status).toBe(422);
    expect((problemOf(res).errors ?? []).map((e) => e.field)).toContain('fields.tree_total.field');
    // A roll-up over the object's own records (a tree) is maintained like any other.
    const root = await createRecord(t, 'node', { name: 'root' });
    const leaf = await createRecord(t, 'node', { name: 'leaf', parent: root.id });
    await createRecord(t, 'node', { name: 'other leaf', parent: root.id });
    await createRecord(t, 'node', { name: 'grandchild', parent: leaf.id });
    expect((await readRecord(t, 'node', root.id)).children).toBe(2);
    expect((await readRecord(t, 'node', leaf.id)).children).toBe(1);
  });

  it('refuses to archive or retype a child field a roll-up reads, naming it', async () => {
    const before = await snapshot(t, 'payment');
    const archived = await t.request({ method: 'DELETE', url: '/api/meta/objects/payment/fields/approval_status' });
    expect(problemOf(archived).status).toBe(422);
    expect((problemOf(archived).errors ?? []).map((e) => e.field)).toContain('fields.approval_status');
    const via = await t.request({ method: 'DELETE', url: '/api/meta/objects/payment/fields/contract' });
    expect((problemOf(via).errors ?? []).map((e) => e.field)).toContain('fields.contract');
    const retyped = await t.request({ method: 'PATCH', url: '/api/meta/objects/payment/fields/paid_on', payload: { type: 'text' } });
    expect(problemOf(retyped).status).toBe(422);
    expect((problemOf(retyped).errors ?? []).map((e) => e.field)).toContain('fields.paid_on');
    const object = await t.request({ method: 'DELETE', url: '/api/meta/objects/payment' });
    expect(problemOf(object).status).toBe(422);
    expect(await snapshot(t, 'payment')).toEqual(before);
  });
});

describe('who sees what', () => {
  it('sums every child whoever looks, and the roll-up field obeys field-level security', async () => {
    const role = {
      api_name: 'clerk',
      object_rights: { payment: { create: true, edit: true }, contract: { read: true }, account: { read: true } },
      field_rights: { contract: { approved: 'none' } },
      data_scopes: { payment: 'self', contract: 'all', account: 'all' },
    };
    expect((await t.request({ method: 'POST', url: '/api/admin/roles', payload: role })).statusCode).toBe(201);
    const user = await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: 'clerk@rollup.test', name: 'Clerk', password: 'clerk password 1', roles: ['clerk'] } });
    expect(user.statusCode, user.body).toBe(201);
    const { token } = await logIn(t, 'clerk@rollup.test', 'clerk password 1');
    const own = await t.request({ method: 'POST', url: '/api/records/payment', payload: { name: 'clerk', contract: second, amount: 3, approval_status: 'pending', paid_on: '2026-05-01' }, token });
    expect(own.statusCode, own.body).toBe(201);
    // The clerk sees only their own payment, yet the contract's latest payment date counts the admin's too.
    const visible = (await t.request({ method: 'GET', url: '/api/records/payment', token })).json() as { items: unknown[] };
    expect(visible.items).toHaveLength(1);
    const seen = (await t.request({ method: 'GET', url: `/api/records/contract/${second}`, token })).json() as Record<string, unknown>;
    expect(seen).not.toHaveProperty('approved');
    expect(seen.first_paid).toBe('2026-01-01');
    expect((await readRecord(t, 'contract', second)).approved).toBe(10);
    await patch(t, 'payment', (own.json() as { id: string }).id, { approval_status: 'approved' });
    expect((await readRecord(t, 'contract', second)).approved).toBe(7);
  });
});
