import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, loginNonAdmin } from '../support/meta-helpers.ts';
import { expectProblem, expectRefusedWithoutChange, snapshotTenant } from '../support/snapshot.ts';
import { fieldCatalog, type FieldKind, type ObjectDef } from '../../designer/src/logic/field-catalog.ts';
import { OPERATORS, arity } from '../../designer/src/logic/rule-operators.ts';
import { ruleToTree, treeToRule, type ConditionNode } from '../../designer/src/logic/rule-tree.ts';
import { argSlot, EXPR_OPS, exprToRule, newOp, type ExprNode, type ExprOpId, type Slot } from '../../designer/src/logic/expression-tree.ts';

let t: TestEngine;
let rep: { token: string; userId: string };
let acme: string;
let big: string;
let small: string;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'account',
    label: { en: 'Account' },
    fields: [
      { api_name: 'industry', type: 'picklist', values: [{ value: 'bank', label: { en: 'Bank' } }, { value: 'retail', label: { en: 'Retail' } }] },
      { api_name: 'parent', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'stage', type: 'picklist', values: [{ value: 'new', label: { en: 'New' } }, { value: 'won', label: { en: 'Won' } }] },
      { api_name: 'close_date', type: 'date' },
      { api_name: 'customer', type: 'lookup', target: 'account', on_delete: 'set_null' },
      { api_name: 'approved', type: 'boolean' },
      { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'vip', label: { en: 'VIP' } }] },
      { api_name: 'signed_at', type: 'datetime' },
      { api_name: 'doubled', type: 'formula', expression: { '*': [{ var: 'amount' }, 2] }, return_type: 'number', scale: 2 },
    ],
  });
  await createObject(t, { api_name: 'empty_thing', label: { en: 'Empty thing' } });
  const group = (await createRecord(t, 'account', { name: 'Acme Group', industry: 'retail' })).id;
  acme = (await createRecord(t, 'account', { name: 'Acme', industry: 'bank', parent: group })).id;
  big = (await createRecord(t, 'deal', { name: 'Big deal', amount: 1500, stage: 'won', close_date: '2026-03-01', customer: acme })).id;
  small = (await createRecord(t, 'deal', { name: 'Small deal', amount: 200, stage: 'won' })).id;
  rep = await loginNonAdmin(t);
});
afterAll(() => t.close());

const preview = (body: unknown, object = 'deal', token?: string) =>
  t.request({ method: 'POST', url: `/api/meta/objects/${object}/preview-rule`, payload: body as Record<string, unknown>, ...(token ? { token } : {}) });

async function ok(body: unknown, object = 'deal'): Promise<Record<string, unknown>> {
  const before = await snapshotTenant(t);
  const res = await preview(body, object);
  expect(res.statusCode, res.body).toBe(200);
  expect(await snapshotTenant(t), 'a preview changes no metadata, table or row').toEqual(before);
  return res.json() as Record<string, unknown>;
}

const wonAndBig = { and: [{ '>': [{ var: 'amount' }, 1000] }, { '==': [{ var: 'stage' }, 'won'] }] };

describe('a good preview', () => {
  it('computes a formula through lookups in SQL and in JavaScript, on the record asked for', async () => {
    const rule = { cat: [{ var: 'name' }, ' / ', { var: 'customer.industry' }, ' / ', { var: 'customer.parent.name' }] };
    const answer = await ok({ kind: 'formula', rule, return_type: 'text', record_id: big });
    expect(answer).toEqual({ record: { id: big, name: 'Big deal' }, value: 'Big deal / bank / Acme Group', js_value: 'Big deal / bank / Acme Group' });
  });

  it('rounds a number formula to its scale and reads other formulas', async () => {
    const answer = await ok({ kind: 'formula', rule: { '/': [{ var: 'doubled' }, 7] }, return_type: 'number', scale: 1, record_id: big });
    expect(answer.value).toBe(428.6);
    expect(answer.js_value).toBe(428.6);
  });

  it('tells whether a condition holds: true on one record, false on another', async () => {
    expect(await ok({ kind: 'condition', rule: wonAndBig, record_id: big })).toEqual({ record: { id: big, name: 'Big deal' }, value: true, truthy: true });
    expect(await ok({ kind: 'condition', rule: wonAndBig, record_id: small })).toEqual({ record: { id: small, name: 'Small deal' }, value: false, truthy: false });
  });

  it('uses the most recently updated record when none is named', async () => {
    const answer = await ok({ kind: 'condition', rule: { '==': [{ var: 'customer.industry' }, 'bank'] } });
    expect(answer.record).toEqual({ id: small, name: 'Small deal' });
    expect(answer.truthy).toBe(false);
    await t.request({ method: 'PATCH', url: `/api/records/deal/${big}`, payload: { amount: 1600 } });
    const after = await ok({ kind: 'condition', rule: { '==': [{ var: 'customer.industry' }, 'bank'] } });
    expect(after.record).toEqual({ id: big, name: 'Big deal' });
    expect(after.truthy).toBe(true);
  });

  it('evaluates a default rule, for a field or a return type', async () => {
    const today = new Date();
    const answer = await ok({ kind: 'default', rule: { date_add: [{ var: 'close_date' }, 7, 'day'] }, field: 'close_date', record_id: big });
    expect(answer.value).toBe('2026-03-08');
    const text = await ok({ kind: 'default', rule: { cat: [{ var: 'name' }, '!'] }, return_type: 'text', record_id: small });
    expect(text.value).toBe('Small deal!');
    const soon = await ok({ kind: 'default', rule: { date_add: [{ today: [] }, 1, 'day'] }, return_type: 'date' });
    expect(String(soon.value) >= today.toISOString().slice(0, 10)).toBe(true);
  });
});

describe('every condition the designer’s rule builder writes', () => {
  const FIELD: Record<FieldKind, string> = { text: 'name', number: 'amount', date: 'close_date', datetime: 'signed_at', boolean: 'approved', picklist: 'stage', multi_picklist: 'tags', user: 'owner_id', lookup: 'customer' };
  const VALUE: Record<FieldKind, [unknown, unknown]> = {
    text: ['Big', 'deal'],
    number: [1000, 2000],
    date: ['2026-01-01', '2026-12-31'],
    datetime: ['2026-01-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z'],
    boolean: [true, true],
    picklist: ['won', 'new'],
    multi_picklist: ['vip', 'vip'],
    user: ['00000000-0000-4000-8000-000000000001', ''],
    lookup: ['00000000-0000-4000-8000-000000000002', ''],
  };
  it('is accepted by the engine and runs on a record', async () => {
    const deal = (await t.request({ method: 'GET', url: '/api/meta/objects/deal' })).json() as ObjectDef;
    const account = (await t.request({ method: 'GET', url: '/api/meta/objects/account' })).json() as ObjectDef;
    const catalog = fieldCatalog(deal, [deal, account], true);
    let count = 0;
    for (const [kind, ops] of Object.entries(OPERATORS) as [FieldKind, (typeof OPERATORS)[FieldKind]][]) {
      for (const op of ops) {
        const node: ConditionNode = { kind: 'condition', not: false, path: FIELD[kind], op };
        const n = arity(op);
        if (n === 1) node.value = op === 'last_days' || op === 'next_days' ? 30 : VALUE[kind][0];
        if (n === 2) [node.value, node.value2] = VALUE[kind];
        if (n === 'list') node.value = ['won', 'new'];
        const rule = treeToRule({ kind: 'group', not: false, op: 'and', children: [node] }, catalog);
        const res = await preview({ kind: 'condition', rule, record_id: big });
        expect(res.statusCode, `${kind} ${op}: ${JSON.stringify(rule)} → ${res.body}`).toBe(200);
        count++;
      }
    }
    expect(count).toBe(Object.values(OPERATORS).flat().length);
    // A lookup path two levels deep, as the builder offers it.
    const path = catalog.find((f) => f.path === 'customer.parent.industry');
    expect(path?.kind).toBe('picklist');
    const deep = await preview({ kind: 'condition', rule: { '==': [{ var: 'customer.parent.industry' }, 'retail'] }, record_id: big });
    expect(deep.json()).toMatchObject({ truthy: true });
  });
});

describe('every expression the designer’s formula builder writes', () => {
  /** A part for each kind of slot, as an admin would pick it. */
  const PART: Record<Slot, ExprNode> = {
    number: { kind: 'field', path: 'amount' },
    text: { kind: 'field', path: 'name' },
    any: { kind: 'field', path: 'stage' },
    date: { kind: 'field', path: 'close_date' },
    datetime: { kind: 'value', value: null },
    moment: { kind: 'field', path: 'close_date' },
  };
  it('is accepted by the engine, and PostgreSQL and JavaScript give the same value', async () => {
    const deal = (await t.request({ method: 'GET', url: '/api/meta/objects/deal' })).json() as ObjectDef;
    const account = (await t.request({ method: 'GET', url: '/api/meta/objects/account' })).json() as ObjectDef;
    const catalog = fieldCatalog(deal, [deal, account], true);
    const record = (await createRecord(t, 'deal', { name: 'Formula deal', amount: 40, stage: 'won', close_date: '2026-03-01' })).id;
    const values: Record<string, unknown> = {};
    for (const id of Object.keys(EXPR_OPS) as ExprOpId[]) {
      const spec = EXPR_OPS[id];
      const node = newOp(id, { kind: 'empty' }, catalog);
      if (node.kind !== 'op') throw new Error(id);
      node.args = node.args.map((_, i) => (argSlot(spec, i) === 'datetime' ? { kind: 'op', op: 'now', args: [] } : PART[argSlot(spec, i)]));
      const rule = exprToRule(node, catalog);
      const res = await preview({ kind: 'formula', rule, return_type: spec.result, record_id: record });
      expect(res.statusCode, `${id}: ${JSON.stringify(rule)} → ${res.body}`).toBe(200);
      const answer = res.json() as { value: unknown; js_value: unknown };
      if (spec.result !== 'datetime') expect(answer.js_value, `${id}: ${JSON.stringify(rule)}`).toEqual(answer.value);
      values[id] = answer.value;
    }
    expect(values).toMatchObject({ add: 80, subtract: 0, multiply: 1600, divide: 1, remainder: 0, min: 40, max: 40, length: 12, date_diff: 0 });
    expect(values).toMatchObject({ cat: 'wonwon', upper: 'FORMULA DEAL', lower: 'formula deal', substr: '', date_add: '2026-04-10', start_of_date: '2026-03-01' });
    // An if whose condition the condition builder wrote.
    const ifRule = exprToRule({ kind: 'if', condition: ruleToTree({ '==': [{ var: 'stage' }, 'won'] }, catalog)!, then: { kind: 'value', value: 1 }, else: { kind: 'value', value: 2 } }, catalog);
    expect((await ok({ kind: 'formula', rule: ifRule, return_type: 'number', record_id: record })).value).toBe(1);
    expect((await ok({ kind: 'formula', rule: ifRule, return_type: 'number', record_id: small })).value).toBe(1);
  });
});

describe('a bad rule is refused as saving it would be, naming its place in the rule', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['an unknown field', { kind: 'condition', rule: { and: [true, { '==': [{ var: 'nope' }, 1] }] } }, 'rule.and.1.==.0.var', 'unknown_field'],
    ['an unknown field through a lookup', { kind: 'formula', return_type: 'text', rule: { var: 'customer.nope' } }, 'rule.var', 'unknown_field'],
    ['__proto__', { kind: 'condition', rule: { '==': [{ var: 'customer.__proto__' }, 1] } }, 'rule.==.0.var', 'forbidden_path'],
    ['constructor', { kind: 'formula', return_type: 'text', rule: { var: 'constructor' } }, 'rule.var', 'forbidden_path'],
    ['an unknown operation', { kind: 'condition', rule: { or: [{ regex: [{ var: 'name' }, 'a.*'] }] } }, 'rule.or.0.regex', 'unknown_operation'],
    ['an operation with two keys', { kind: 'condition', rule: { '==': [1, 1], '!=': [1, 2] } }, 'rule', 'invalid_operation'],
    ['a type mismatch', { kind: 'formula', return_type: 'number', rule: { var: 'name' } }, 'rule', 'type_mismatch'],
    ['JavaScript only in a formula', { kind: 'formula', return_type: 'text', rule: { prior: 'name' } }, 'rule.prior', 'not_compilable'],
    ['a default following a lookup', { kind: 'default', return_type: 'text', rule: { var: 'customer.industry' } }, 'rule.var', 'unknown_field'],
    ['a default of the wrong type', { kind: 'default', field: 'close_date', rule: { '+': [1, 2] } }, 'rule', 'type_mismatch'],
  ];
  for (const [what, body, field, code] of cases) {
    it(what, async () => {
      const problem = await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: { ...body, record_id: big } }, { status: 422, code: 'invalid_metadata', fields: [field] });
      expect(problem.errors?.find((e) => e.field === field)?.code).toBe(code);
    });
  }

  it('too deep', async () => {
    let rule: unknown = { var: 'name' };
    for (let i = 0; i < 40; i++) rule = { '!': rule };
    const problem = await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: { kind: 'condition', rule } }, { status: 422, code: 'invalid_metadata', fields: [/^rule/] });
    expect(problem.errors?.some((e) => e.code === 'too_deep')).toBe(true);
  });
});

describe('a bad request', () => {
  const refused = (payload: unknown, status: number, code: 'invalid_metadata' | 'record_not_found' | 'object_not_found' | 'forbidden', fields: string[] = [], object = 'deal', token?: string) =>
    expectRefusedWithoutChange(t, { method: 'POST', url: `/api/meta/objects/${object}/preview-rule`, payload: payload as Record<string, unknown>, ...(token ? { token } : {}) }, { status, code, fields });

  it('names what is wrong with the body', async () => {
    await refused({ kind: 'guess', extra: 1 }, 422, 'invalid_metadata', ['rule', 'kind', 'extra']);
    await refused([1, 2], 422, 'invalid_metadata', ['body']);
    await refused({ kind: 'formula', rule: { var: 'name' } }, 422, 'invalid_metadata', ['return_type']);
    await refused({ kind: 'formula', rule: { var: 'name' }, return_type: 'text', scale: 99 }, 422, 'invalid_metadata', ['scale']);
    await refused({ kind: 'default', rule: 1, field: 'nope' }, 422, 'invalid_metadata', ['field']);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await t.request({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: '{"kind": "condition", "rule": ', headers: { 'content-type': 'application/json' } });
    expectProblem(res, { status: 400, code: 'invalid_json' });
  });

  it('answers 404 for a record that is not one of the object’s live records', async () => {
    await refused({ kind: 'condition', rule: true, record_id: 'not-a-uuid' }, 404, 'record_not_found');
    await refused({ kind: 'condition', rule: true, record_id: '00000000-0000-4000-8000-000000000000' }, 404, 'record_not_found');
    await refused({ kind: 'condition', rule: true, record_id: acme }, 404, 'record_not_found');
    await refused({ kind: 'condition', rule: true, record_id: 42 }, 422, 'invalid_metadata', ['record_id']);
  });

  it('answers 404 when the object has no records yet, saying so', async () => {
    const problem = await refused({ kind: 'condition', rule: true }, 404, 'record_not_found', [], 'empty_thing');
    expect(problem.detail).toMatch(/no empty_thing records/);
  });

  it('answers 404 for an unknown object', async () => {
    await refused({ kind: 'condition', rule: true }, 404, 'object_not_found', [], 'nowhere');
  });

  it('refuses a user who is not an administrator, whatever the body', async () => {
    await refused({ kind: 'condition', rule: wonAndBig, record_id: big }, 403, 'forbidden', [], 'deal', rep.token);
    await refused({ kind: 'nonsense' }, 403, 'forbidden', [], 'deal', rep.token);
  });
});
