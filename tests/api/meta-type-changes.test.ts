import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constraintName } from '../../engine/src/schema/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { columnTypes, constraintsOf, createObject, createRecord, expectProblem, expectStatus, getRecord, selectRows, snapshot, type ChangeResponse } from '../support/meta-helpers.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.close());

async function plan(object: string, field: string, patch: Record<string, unknown>): Promise<ChangeResponse> {
  return (await expectStatus(t, 200, { method: 'POST', url: '/api/meta/plan', payload: { kind: 'update_field', object, field, patch } })).json() as ChangeResponse;
}

describe('a safe cast with data that fits', () => {
  it('converts text holding digits to integer and keeps every value', async () => {
    await createObject(t, { api_name: 'reading', label: 'Reading', fields: [{ api_name: 'amount', type: 'text' }] });
    const a = await createRecord(t, 'reading', { name: 'a', amount: '12' });
    const b = await createRecord(t, 'reading', { name: 'b', amount: ' 345 ' });
    const c = await createRecord(t, 'reading', { name: 'c' });

    const preview = await plan('reading', 'amount', { type: 'integer' });
    expect(preview.checks).toEqual([expect.objectContaining({ kind: 'rows_not_converting', field: 'amount', blocking: true, count: 0 })]);
    expect(preview.applicable).toBe(true);

    const applied = (await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/reading/fields/amount', payload: { type: 'integer' } })).json() as ChangeResponse;
    expect(applied.operations.map((o) => o.op)).toEqual(['alter_column_type']);
    expect((await columnTypes(t, 'reading')).amount).toBe('bigint');
    expect(await getRecord(t, 'reading', a.id)).toMatchObject({ amount: 12 });
    expect(await getRecord(t, 'reading', b.id)).toMatchObject({ amount: 345 });
    expect(await getRecord(t, 'reading', c.id)).toMatchObject({ amount: null });
    expectProblem(await t.request({ method: 'POST', url: '/api/records/reading', payload: { name: 'd', amount: '7' } }), 422, 'validation_failed');
    expect((await createRecord(t, 'reading', { name: 'd', amount: 7 })).amount).toBe(7);
  });
});

describe('a safe cast with rows that would not convert', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  let rowsBefore: Array<Record<string, unknown>>;
  beforeAll(async () => {
    await createObject(t, { api_name: 'stock', label: 'Stock', fields: [{ api_name: 'qty', type: 'text' }] });
    for (const [name, qty] of [['a', '7'], ['b', 'abc'], ['c', '8'], ['d', 'x1'], ['e', '3.5'], ['f', null]]) await createRecord(t, 'stock', { name, qty });
    before = await snapshot(t, 'stock');
    rowsBefore = await selectRows(t, 'stock', ['name', 'qty']);
  });

  it('is reported by the plan with the exact count and as not applicable', async () => {
    const preview = await plan('stock', 'qty', { type: 'integer' });
    expect(preview.applicable).toBe(false);
    expect(preview.checks).toEqual([expect.objectContaining({ kind: 'rows_not_converting', field: 'qty', blocking: true, count: 3 })]);
    expect(preview.sql).toEqual([expect.stringMatching(/alter column "qty" type bigint/)]);
  });

  it('is refused with 409 rows_would_not_convert naming the count, and nothing changes', async () => {
    const response = await t.request({ method: 'PATCH', url: '/api/meta/objects/stock/fields/qty', payload: { type: 'integer' } });
    const problem = expectProblem(response, 409, 'rows_would_not_convert');
    expect(problem.detail).toMatch(/\b3\b/);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'qty', code: 'rows_not_converting', message: expect.stringMatching(/^3 /) })]);
    expect(await snapshot(t, 'stock')).toEqual(before);
    expect((await columnTypes(t, 'stock')).qty).toBe('text');
    expect(await selectRows(t, 'stock', ['name', 'qty'])).toEqual(rowsBefore);
  });

  it('goes through once the data is fixed', async () => {
    await t.engine.knex.withSchema(t.tenant.schema).from('stock').whereIn('name', ['b', 'd', 'e']).update({ qty: '0' });
    expect((await plan('stock', 'qty', { type: 'integer' })).applicable).toBe(true);
    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/stock/fields/qty', payload: { type: 'integer' } });
    expect((await selectRows(t, 'stock', ['name', 'qty'])).map((r) => [r.name, r.qty])).toEqual([['a', 7], ['b', 0], ['c', 8], ['d', 0], ['e', 0], ['f', null]]);
  });
});

describe('an unsafe type change', () => {
  it('is refused with 422 unsafe_type_change, both as a plan and applied', async () => {
    await createObject(t, { api_name: 'flagged', label: 'Flagged', fields: [{ api_name: 'done', type: 'boolean' }] });
    await createRecord(t, 'flagged', { name: 'a', done: true });
    const before = await snapshot(t, 'flagged');
    const planned = await t.request({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'update_field', object: 'flagged', field: 'done', patch: { type: 'date' } } });
    expectProblem(planned, 422, 'unsafe_type_change');
    const problem = expectProblem(await t.request({ method: 'PATCH', url: '/api/meta/objects/flagged/fields/done', payload: { type: 'date' } }), 422, 'unsafe_type_change');
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: 'type' }));
    expect(await snapshot(t, 'flagged')).toEqual(before);
    expect(await selectRows(t, 'flagged', ['done'])).toEqual([{ done: true }]);
  });
});

describe('turning on unique', () => {
  let dup: { id: string };
  beforeAll(async () => {
    await createObject(t, { api_name: 'device', label: 'Device', fields: [{ api_name: 'serial', type: 'text' }] });
    await createRecord(t, 'device', { name: 'a', serial: 'S-1' });
    dup = await createRecord(t, 'device', { name: 'b', serial: 'S-1' });
    await createRecord(t, 'device', { name: 'c', serial: 'S-2' });
    await createRecord(t, 'device', { name: 'd', serial: 'S-2' });
    await createRecord(t, 'device', { name: 'e', serial: 'S-2' });
    await createRecord(t, 'device', { name: 'f', serial: 'S-3' });
  });

  it('is reported by the plan when values repeat', async () => {
    const preview = await plan('device', 'serial', { unique: true });
    expect(preview.applicable).toBe(false);
    expect(preview.checks).toEqual([expect.objectContaining({ kind: 'duplicate_values', field: 'serial', blocking: true, count: 2 })]);
    expect(preview.sql).toEqual([`alter table "${t.tenant.schema}"."device" add constraint "${constraintName('uq', 'device', 'serial')}" unique ("serial")`]);
  });

  it('is refused while values repeat, leaving no constraint', async () => {
    const before = await snapshot(t, 'device');
    const problem = expectProblem(await t.request({ method: 'PATCH', url: '/api/meta/objects/device/fields/serial', payload: { unique: true } }), 409, 'unique_violation');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'serial', code: 'duplicate_values', message: expect.stringMatching(/^2 /) })]);
    expect(await snapshot(t, 'device')).toEqual(before);
    expect((await constraintsOf(t, 'device')).filter((c) => c.type === 'u')).toEqual([]);
    expect((await createRecord(t, 'device', { name: 'g', serial: 'S-3' })).serial).toBe('S-3');
  });

  it('applies once the duplicates are gone, and then enforces it', async () => {
    const table = t.engine.knex.withSchema(t.tenant.schema).from('device');
    await table.clone().whereIn('name', ['d', 'e', 'g']).delete();
    await expectStatus(t, 200, { method: 'PATCH', url: `/api/records/device/${dup.id}`, payload: { serial: 'S-9' } });
    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/device/fields/serial', payload: { unique: true } });
    expect((await constraintsOf(t, 'device')).filter((c) => c.type === 'u')).toEqual([expect.objectContaining({ name: constraintName('uq', 'device', 'serial'), columns: ['serial'] })]);
    const taken = expectProblem(await t.request({ method: 'POST', url: '/api/records/device', payload: { name: 'h', serial: 'S-2' } }), 409, 'unique_violation');
    expect(taken.errors).toContainEqual(expect.objectContaining({ field: 'serial' }));
  });
});

describe('removing a setting with null in a field patch', () => {
  it('lets an integer with min and max become text, keeping the values', async () => {
    await createObject(t, { api_name: 'gauge', label: 'Gauge', fields: [{ api_name: 'level', type: 'integer', min: 0, max: 10 }] });
    const a = await createRecord(t, 'gauge', { name: 'a', level: 7 });
    expectProblem(await t.request({ method: 'PATCH', url: '/api/meta/objects/gauge/fields/level', payload: { type: 'text' } }), 422, 'invalid_metadata');
    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/gauge/fields/level', payload: { type: 'text', min: null, max: null } });
    const field = ((await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/gauge' })).json() as { fields: Array<Record<string, unknown>> }).fields.find((f) => f.api_name === 'level');
    expect(field).toMatchObject({ type: 'text' });
    expect(field).not.toHaveProperty('min');
    expect(field).not.toHaveProperty('max');
    expect(await getRecord(t, 'gauge', a.id)).toMatchObject({ level: '7' });
  });
});
