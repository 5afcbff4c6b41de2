import { describe, expect, it } from 'vitest';
import { fieldCatalog, type ObjectDef } from '../../designer/src/logic/field-catalog.ts';
import { EXPR_OPS, exprToRule, fits, newOp, opsFor, ruleToExpr, type ExprKind, type ExprOpId } from '../../designer/src/logic/expression-tree.ts';
import { ruleToTree } from '../../designer/src/logic/rule-tree.ts';

const account: ObjectDef = {
  api_name: 'account',
  fields: [
    { api_name: 'name', type: 'text' },
    { api_name: 'discount', type: 'percent' },
  ],
};

const line: ObjectDef = {
  api_name: 'order_line',
  fields: [
    { api_name: 'name', type: 'text' },
    { api_name: 'quantity', type: 'integer' },
    { api_name: 'unit_price', type: 'currency' },
    { api_name: 'rate', type: 'decimal' },
    { api_name: 'stage', type: 'picklist', values: [{ value: 'new' }, { value: 'won' }] },
    { api_name: 'ship_date', type: 'date' },
    { api_name: 'signed_at', type: 'datetime' },
    { api_name: 'approved', type: 'boolean' },
    { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'vip' }] },
    { api_name: 'customer', type: 'lookup', target: 'account' },
  ],
};

const catalog = fieldCatalog(line, [line, account], true);
const v = (path: string) => ({ var: path });

/** One rule per operation, each a formula an admin would write. */
const ONE_OF_EACH: Record<ExprOpId, [ExprKind, unknown]> = {
  add: ['number', { '+': [v('quantity'), 1, v('rate')] }],
  subtract: ['number', { '-': [v('unit_price.amount'), v('rate')] }],
  multiply: ['number', { '*': [v('quantity'), v('unit_price.amount')] }],
  divide: ['number', { '/': [v('unit_price.amount'), 100] }],
  remainder: ['number', { '%': [v('quantity'), 12] }],
  min: ['number', { min: [v('rate'), 0.3, v('customer.discount')] }],
  max: ['number', { max: [v('rate'), 0] }],
  length: ['number', { length: [v('name')] }],
  date_diff: ['number', { date_diff: [v('signed_at'), { now: [] }, 'hour'] }],
  cat: ['text', { cat: ['HT-', v('name'), ' · ', v('quantity'), v('stage')] }],
  upper: ['text', { upper: [v('customer.name')] }],
  lower: ['text', { lower: [v('stage')] }],
  substr: ['text', { substr: [v('name'), 0, 3] }],
  today: ['date', { today: [] }],
  now: ['datetime', { now: [] }],
  date_add: ['date', { date_add: [v('ship_date'), 30, 'day'] }],
  datetime_add: ['datetime', { date_add: [v('signed_at'), 2, 'hour'] }],
  start_of_date: ['date', { start_of: [{ today: [] }, 'quarter'] }],
  start_of_datetime: ['datetime', { start_of: [v('signed_at'), 'week'] }],
};

describe('formula expressions ⇄ the visual tree', () => {
  it.each(Object.entries(ONE_OF_EACH))('%s reads into the tree and back exactly', (id, [kind, rule]) => {
    const node = ruleToExpr(rule, kind, catalog);
    expect(node).toMatchObject({ kind: 'op', op: id });
    expect(exprToRule(node!, catalog)).toEqual(rule);
  });

  it('reads nested operations, lookups two deep, dates and an if with a condition', () => {
    const rule = {
      if: [
        { and: [{ '==': [v('stage'), 'won'] }, { '>=': [v('quantity'), 10] }] },
        { '*': [v('quantity'), v('unit_price.amount'), { '-': [1, v('customer.discount')] }] },
        { '*': [v('quantity'), v('unit_price.amount')] },
      ],
    };
    const node = ruleToExpr(rule, 'number', catalog);
    expect(node).toMatchObject({ kind: 'if', condition: { op: 'and' }, then: { kind: 'op', op: 'multiply' }, else: { kind: 'op', op: 'multiply' } });
    expect(exprToRule(node!, catalog)).toEqual(rule);
    const due = { date_add: [{ start_of: ['2026-03-15', 'month'] }, 1, 'month'] };
    expect(exprToRule(ruleToExpr(due, 'date', catalog)!, catalog)).toEqual(due);
  });

  it('keeps unfinished parts as null, and a formula not begun as nothing', () => {
    expect(ruleToExpr(undefined, 'number', catalog)).toEqual({ kind: 'empty' });
    const half = { '+': [v('quantity'), null] };
    expect(ruleToExpr(half, 'number', catalog)).toEqual({ kind: 'op', op: 'add', args: [{ kind: 'field', path: 'quantity' }, { kind: 'empty' }] });
    const unsure = { if: [null, 1, null] };
    expect(exprToRule(ruleToExpr(unsure, 'number', catalog)!, catalog)).toEqual(unsure);
  });

  it('shows plain fields and values as one part', () => {
    expect(ruleToExpr(v('quantity'), 'number', catalog)).toEqual({ kind: 'field', path: 'quantity' });
    expect(ruleToExpr(v('stage'), 'text', catalog)).toEqual({ kind: 'field', path: 'stage' });
    expect(ruleToExpr(42.5, 'number', catalog)).toEqual({ kind: 'value', value: 42.5 });
    expect(ruleToExpr('2026-12-31', 'date', catalog)).toEqual({ kind: 'value', value: '2026-12-31' });
  });

  it.each([
    ['a field of another kind', 'number', v('name')],
    ['a text where a number goes', 'number', { '+': [v('quantity'), 'two'] }],
    ['a boolean field in arithmetic', 'number', { '*': [v('approved'), 2] }],
    ['a multi-picklist joined as text', 'text', { cat: [v('tags'), 'x'] }],
    ['a lookup id joined as text', 'text', { cat: [v('customer'), 'x'] }],
    ['a field that is not there', 'number', v('nope')],
    ['an operation the builder does not offer', 'number', { reduce: [[1, 2], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }],
    ['a var with a default', 'number', { var: ['quantity', 0] }],
    ['an if with more branches', 'number', { if: [{ '==': [v('stage'), 'won'] }, 1, { '==': [v('stage'), 'new'] }, 2, 3] }],
    ['an if whose condition the condition builder cannot show', 'number', { if: [{ regex: ['a', 'b'] }, 1, 2] }],
    ['a unit the operation does not take', 'date', { date_add: [v('ship_date'), 2, 'hour'] }],
    ['a unit missing', 'date', { date_add: [v('ship_date'), 2] }],
    ['too many arguments', 'text', { substr: [v('name'), 0, 3, 4] }],
    ['too few arguments', 'number', { '-': [v('quantity')] }],
    ['a date that is not a date', 'date', { date_add: ['31/12/2026', 1, 'day'] }],
    ['a date/time literal', 'datetime', '2026-03-01T09:30:00.000Z'],
    ['a number formula read as text', 'text', { '+': [1, 2] }],
    ['a non-finite number', 'number', Number.NaN],
    ['an operation object with two keys', 'number', { '+': [1, 2], '-': [3, 4] }],
  ])('leaves %s to raw JSON', (_, kind, rule) => {
    expect(ruleToExpr(rule, kind as ExprKind, catalog)).toBeUndefined();
  });

  it('offers for each slot only the operations giving its kind', () => {
    expect(opsFor('number')).toEqual(['add', 'subtract', 'multiply', 'divide', 'remainder', 'min', 'max', 'length', 'date_diff']);
    expect(opsFor('date')).toEqual(['today', 'date_add', 'start_of_date']);
    expect(opsFor('datetime')).toEqual(['now', 'datetime_add', 'start_of_datetime']);
    expect(opsFor('any')).toHaveLength(Object.keys(EXPR_OPS).length);
  });

  it('keeps what a slot held as the first argument of the operation chosen for it, when it fits there', () => {
    const quantity = { kind: 'field', path: 'quantity' } as const;
    expect(newOp('multiply', quantity, catalog)).toEqual({ kind: 'op', op: 'multiply', args: [quantity, { kind: 'empty' }] });
    expect(newOp('length', quantity, catalog)).toEqual({ kind: 'op', op: 'length', args: [{ kind: 'empty' }] });
    expect(newOp('date_diff', { kind: 'field', path: 'ship_date' }, catalog)).toEqual({ kind: 'op', op: 'date_diff', args: [{ kind: 'field', path: 'ship_date' }, { kind: 'empty' }], unit: 'day' });
    expect(fits({ kind: 'value', value: 'x' }, 'number', catalog)).toBe(false);
    expect(fits({ kind: 'if', condition: ruleToTree(undefined, catalog)!, then: quantity, else: { kind: 'value', value: 2 } }, 'number', catalog)).toBe(true);
  });
});
