import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';
import { columnTypes } from '../support/meta-helpers.ts';
import { expectRefusedWithoutChange } from '../support/snapshot.ts';
import { createFormulaWorld, v } from './world.ts';

/** A formula is checked when saved, has no column, is read-only in the API and shown so in OpenAPI. */

let t: TestEngine;
let line: ApiRecord;

beforeAll(async () => {
  t = await startTestEngine();
  await createFormulaWorld(t);
  line = await createRecord(t, 'order_line', { name: 'L', code: 'X', quantity: 2, unit_price: 5, discount: 0 });
});
afterAll(() => t.close());

const addField = (object: string, field: Record<string, unknown>) => ({ method: 'POST' as const, url: `/api/meta/objects/${object}/fields`, payload: { label: { en: 'F' }, ...field } });
const formula = (api_name: string, return_type: string, expression: unknown, extra: Record<string, unknown> = {}) => addField('order_line', { api_name, type: 'formula', return_type, expression, ...extra });

describe('a formula has no column of its own', () => {
  it('creates no column, yet its value is in every record', async () => {
    const columns = Object.keys(await columnTypes(t, 'order_line'));
    for (const name of ['subtotal', 'title', 'days_left', 'follow_up', 'call_at', 'big', 'with_tax', 'customer_level']) expect(columns).not.toContain(name);
    expect(columns).toContain('quantity');
    expect(line.subtotal).toBe(10);
  });

  it('can be added to an object holding records, and changed, without DDL', async () => {
    const added = await t.request(formula('double_qty', 'number', { '*': [v('quantity'), 2] }, { scale: 0 }));
    expect(added.statusCode, added.body).toBe(201);
    expect((added.json() as { operations: unknown[] }).operations).toEqual([]);
    expect(((await t.request({ method: 'GET', url: `/api/records/order_line/${line.id}` })).json() as ApiRecord).double_qty).toBe(4);
    const changed = await t.request({ method: 'PATCH', url: '/api/meta/objects/order_line/fields/double_qty', payload: { expression: { '*': [v('quantity'), 3] } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(((await t.request({ method: 'GET', url: `/api/records/order_line/${line.id}` })).json() as ApiRecord).double_qty).toBe(6);
  });

  it('is shown read-only in OpenAPI and left out of the create and update schemas', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };
    const schemas = doc.components.schemas;
    expect(schemas.order_line?.properties.subtotal).toMatchObject({ type: ['number', 'null'], readOnly: true });
    expect(schemas.order_line?.properties.follow_up).toMatchObject({ format: 'date', readOnly: true });
    expect(schemas.order_line?.properties.big).toMatchObject({ type: ['boolean', 'null'], readOnly: true });
    const writable = Object.entries(schemas).filter(([name]) => name === 'order_line__create' || name === 'order_line__update');
    expect(writable).toHaveLength(2);
    for (const [, schema] of writable) {
      expect(Object.keys(schema.properties)).toContain('quantity');
      expect(Object.keys(schema.properties)).not.toContain('subtotal');
    }
  });
});

describe('a formula is never taken from input', () => {
  it('refuses a create body naming it (422, the field named) and creates nothing', async () => {
    const problem = await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/order_line', payload: { name: 'x', quantity: 1, subtotal: 5 } }, { status: 422, code: 'validation_failed', fields: ['subtotal'] });
    expect(problem.errors?.map((e) => e.field)).toEqual(['subtotal']);
  });

  it('refuses an update body naming it and changes nothing', async () => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: `/api/records/order_line/${line.id}`, payload: { quantity: 9, big: true } }, { status: 422, code: 'validation_failed', fields: ['big'] });
    const rows = await tableRows(t, 'order_line');
    expect(rows.find((r) => r.id === line.id)?.quantity).toBe(2);
  });
});

describe('a formula is checked when saved (422 naming the place in the expression, nothing changed)', () => {
  const refused = (request: ReturnType<typeof addField>, field: string | RegExp) => expectRefusedWithoutChange(t, request, { status: 422, code: 'invalid_metadata', fields: [field] });

  it('refuses an unknown field, also through a lookup', async () => {
    await refused(formula('bad1', 'number', { '+': [v('quantity'), v('quantiy')] }), 'fields.bad1.expression.+.1.var');
    await refused(formula('bad2', 'text', v('customer.levl')), 'fields.bad2.expression.var');
  });

  it('refuses a value of another type than declared', async () => {
    const problem = await refused(formula('bad3', 'number', { cat: [v('name'), '!'] }), 'fields.bad3.expression');
    expect(problem.errors?.[0]?.message).toMatch(/text value.*declared to return number/);
    await refused(formula('bad4', 'date', v('created_at')), 'fields.bad4.expression');
    await refused(formula('bad5', 'boolean', { and: [v('big'), v('name')] }), 'fields.bad5.expression');
  });

  it('refuses operations that only run in JavaScript', async () => {
    const problem = await refused(formula('bad6', 'number', { reduce: [[1, 2], { '+': [v('current'), v('accumulator')] }, 0] }), /^fields\.bad6\.expression\.reduce/);
    expect(JSON.stringify(problem.errors)).toMatch(/database/);
    await refused(formula('bad7', 'boolean', { changed: ['quantity'] }), /^fields\.bad7\.expression\.changed/);
  });

  it('refuses unknown operations, too deep or malformed rules', async () => {
    await refused(formula('bad8', 'number', { eval: ['1'] }), 'fields.bad8.expression.eval');
    let deep: unknown = v('quantity');
    // Each level is two JSON levels ({op: [..]}): 20 of them pass the 32 a rule may have, not the 64 of a body.
    for (let i = 0; i < 20; i += 1) deep = { '+': [deep, 1] };
    await refused(formula('bad9', 'number', deep), 'fields.bad9.expression');
    await refused(formula('bad10', 'number', { var: 'constructor.name' }), /^fields\.bad10\.expression/);
  });

  it('refuses an expression too large for PostgreSQL to parse, and lists keep working with one at the limit', async () => {
    // 5,000 operands of one + exhaust PostgreSQL's parser: saved, it would break every list of the object.
    await refused(formula('bad_huge', 'number', { '+': Array.from({ length: 5000 }, () => 1) }), 'fields.bad_huge.expression.+');
    const res = await t.request(formula('at_limit', 'number', { '+': [v('quantity'), ...Array.from({ length: 255 }, () => 1)] }));
    expect(res.statusCode, res.body).toBe(201);
    const list = await t.request({ method: 'GET', url: '/api/records/order_line?sort=-at_limit&limit=5' });
    expect(list.statusCode, list.body).toBe(200);
    const [first] = (list.json() as { items: Array<{ quantity: number; at_limit: number }> }).items;
    expect(first?.at_limit).toBe((first?.quantity ?? 0) + 255);
    expect((await t.request({ method: 'DELETE', url: '/api/meta/objects/order_line/fields/at_limit' })).statusCode).toBe(200);
  });

  it('refuses a formula without expression or return type, with a default, required or unique', async () => {
    await refused(addField('order_line', { api_name: 'bad11', type: 'formula', return_type: 'number' }), 'fields.bad11.expression');
    await refused(addField('order_line', { api_name: 'bad12', type: 'formula', expression: 1 }), 'fields.bad12.return_type');
    await refused(formula('bad13', 'number', 1, { required: true }), 'fields.bad13.required');
    await refused(formula('bad14', 'number', 1, { default: 2 }), 'fields.bad14.default');
    await refused(formula('bad15', 'number', 1, { unique: true }), 'fields.bad15.unique');
    await refused(formula('bad16', 'text', 'a', { scale: 2 }), 'fields.bad16.scale');
    await refused(formula('bad17', 'text', 'a', { audited: true }), 'fields.bad17.audited');
  });

  it('refuses a cycle between formulas, naming its path', async () => {
    const a = await t.request(formula('cyc_a', 'number', { '+': [v('quantity'), 1] }));
    expect(a.statusCode, a.body).toBe(201);
    const b = await t.request(formula('cyc_b', 'number', { '*': [v('cyc_a'), 2] }));
    expect(b.statusCode, b.body).toBe(201);
    const problem = await expectRefusedWithoutChange(
      t,
      { method: 'PATCH', url: '/api/meta/objects/order_line/fields/cyc_a', payload: { expression: { '+': [v('cyc_b'), 1] } } },
      { status: 422, code: 'invalid_metadata', fields: ['fields.cyc_a.expression'] },
    );
    expect(problem.errors?.find((e) => e.field === 'fields.cyc_a.expression')?.message).toContain('order_line.cyc_a → order_line.cyc_b → order_line.cyc_a');
    await refused(formula('cyc_self', 'number', { '+': [v('cyc_self'), 1] }), 'fields.cyc_self.expression');
  });

  it('refuses a chain of formulas that would compile to an enormous statement', async () => {
    // Each formula reads the one before twice: written out, the last holds 2^20 copies of the first.
    const fields = [{ api_name: 'f0', type: 'formula', return_type: 'number', expression: { '+': [v('n'), 1] } }];
    for (let i = 1; i <= 20; i += 1) fields.push({ api_name: `f${i}`, type: 'formula', return_type: 'number', expression: { '+': [v(`f${i - 1}`), v(`f${i - 1}`)] } });
    const problem = await expectRefusedWithoutChange(
      t,
      { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'chain', label: { en: 'Chain' }, fields: [{ api_name: 'n', type: 'integer' }, ...fields] } },
      { status: 422, code: 'invalid_metadata', fields: ['fields.f20.expression'] },
    );
    expect(problem.errors?.find((e) => e.field === 'fields.f20.expression')?.code).toBe('too_large');
    expect(problem.errors?.map((e) => e.field)).not.toContain('fields.f1.expression');
  });

  it('refuses a cycle through a lookup', async () => {
    const res = await t.request({ method: 'POST', url: '/api/meta/objects/customer/fields', payload: { api_name: 'back', type: 'lookup', target: 'order_line', label: { en: 'Back' }, on_delete: 'set_null' } });
    expect(res.statusCode, res.body).toBe(201);
    const first = await t.request({ method: 'POST', url: '/api/meta/objects/customer/fields', payload: { api_name: 'back_total', type: 'formula', return_type: 'number', expression: v('back.subtotal'), label: { en: 'B' } } });
    expect(first.statusCode, first.body).toBe(201);
    const problem = await expectRefusedWithoutChange(
      t,
      { method: 'PATCH', url: '/api/meta/objects/order_line/fields/subtotal', payload: { expression: { '+': [v('customer.back_total'), 1] } } },
      { status: 422, code: 'invalid_metadata', fields: ['fields.subtotal.expression'] },
    );
    expect(JSON.stringify(problem.errors)).toContain('order_line.subtotal → customer.back_total → order_line.subtotal');
  });

  it('refuses archiving a field a formula reads, here or on another object', async () => {
    await expectRefusedWithoutChange(t, { method: 'DELETE', url: '/api/meta/objects/order_line/fields/discount' }, { status: 422, code: 'invalid_metadata', fields: ['fields.subtotal.expression.*.2.-.1./.0.var'] });
    const problem = await expectRefusedWithoutChange(t, { method: 'DELETE', url: '/api/meta/objects/customer/fields/credit' }, { status: 422, code: 'invalid_metadata', fields: ['fields.level.expression.if.0.>=.0.var'] });
    expect(problem.errors?.map((e) => e.field)).toContain('objects.order_line.fields.customer_level.expression.var');
  });

  it('refuses changing a field into a formula or a formula into a stored type', async () => {
    const toFormula = await t.request({ method: 'PATCH', url: '/api/meta/objects/order_line/fields/code', payload: { type: 'formula', return_type: 'text', expression: v('name') } });
    expect(problemOf(toFormula).status).toBe(422);
    const fromFormula = await t.request({ method: 'PATCH', url: '/api/meta/objects/order_line/fields/title', payload: { type: 'text' } });
    expect(problemOf(fromFormula).status).toBe(422);
  });
});
