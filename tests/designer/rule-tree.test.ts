import { describe, expect, it } from 'vitest';
import { fieldCatalog, type FieldKind, type ObjectDef } from '../../designer/src/logic/field-catalog.ts';
import { OPERATORS, arity, type OperatorId } from '../../designer/src/logic/rule-operators.ts';
import { ruleToTree, treeToRule, type ConditionNode, type GroupNode } from '../../designer/src/logic/rule-tree.ts';

const account: ObjectDef = {
  api_name: 'account',
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name' } },
    { api_name: 'industry', type: 'picklist', values: [{ value: 'bank' }, { value: 'retail' }] },
    { api_name: 'parent', type: 'lookup', target: 'account' },
  ],
};

const deal: ObjectDef = {
  api_name: 'deal',
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name' } },
    { api_name: 'amount', type: 'decimal' },
    { api_name: 'stage', type: 'picklist', values: [{ value: 'new' }, { value: 'won' }, { value: 'lost' }] },
    { api_name: 'close_date', type: 'date' },
    { api_name: 'signed_at', type: 'datetime' },
    { api_name: 'approved', type: 'boolean' },
    { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'vip' }] },
    { api_name: 'budget', type: 'currency' },
    { api_name: 'customer', type: 'lookup', target: 'account' },
    { api_name: 'handler', type: 'user' },
    { api_name: 'settings', type: 'json' },
    { api_name: 'old', type: 'text', archived: true },
  ],
};

const catalog = fieldCatalog(deal, [deal, account], true);
const flat = fieldCatalog(deal, [deal, account], false);

const FIELD_OF: Record<FieldKind, string> = {
  text: 'name',
  number: 'amount',
  date: 'close_date',
  datetime: 'signed_at',
  boolean: 'approved',
  picklist: 'stage',
  multi_picklist: 'tags',
  user: 'handler',
  lookup: 'customer',
};

const SAMPLE: Record<FieldKind, [unknown, unknown]> = {
  text: ['Acme', 'Zeta'],
  number: [1000, 5000.5],
  date: ['2026-01-01', '2026-12-31'],
  datetime: ['2026-03-01T01:30:00.000Z', '2026-03-02T01:30:00.000Z'],
  boolean: [true, false],
  picklist: ['won', 'lost'],
  multi_picklist: ['vip', 'vip'],
  user: ['00000000-0000-4000-8000-000000000001', ''],
  lookup: ['00000000-0000-4000-8000-000000000002', ''],
};

function cond(path: string, op: OperatorId, kind: FieldKind): ConditionNode {
  const node: ConditionNode = { kind: 'condition', not: false, path, op };
  const a = arity(op);
  if (a === 1) node.value = op === 'last_days' || op === 'next_days' ? 30 : SAMPLE[kind][0];
  if (a === 2) {
    node.value = SAMPLE[kind][0];
    node.value2 = SAMPLE[kind][1];
  }
  if (a === 'list') node.value = ['won', 'lost'];
  return node;
}

const root = (...children: GroupNode['children']): GroupNode => ({ kind: 'group', not: false, op: 'and', children });

describe('field catalog', () => {
  it('lists own fields, currency parts and system fields, skipping json and archived fields', () => {
    const paths = flat.map((f) => f.path);
    expect(paths).toContain('budget.amount');
    expect(paths).toContain('budget.currency');
    expect(paths).toContain('owner_id');
    expect(paths).not.toContain('settings');
    expect(paths).not.toContain('old');
    expect(paths).not.toContain('customer.industry');
  });
  it('follows lookups two levels deep when asked, not three', () => {
    const paths = catalog.map((f) => f.path);
    expect(paths).toContain('customer.industry');
    expect(paths).toContain('customer.parent.industry');
    expect(paths).not.toContain('customer.parent.parent.name');
    expect(catalog.find((f) => f.path === 'customer.industry')?.kind).toBe('picklist');
  });
});

describe('every operator the builder offers round-trips', () => {
  for (const [kind, ops] of Object.entries(OPERATORS) as [FieldKind, OperatorId[]][]) {
    for (const op of ops) {
      it(`${kind} ${op}`, () => {
        const tree = root(cond(FIELD_OF[kind], op, kind));
        const rule = treeToRule(tree, catalog);
        expect(rule).toBeDefined();
        const back = ruleToTree(rule, catalog);
        expect(back).toEqual(tree);
        expect(treeToRule(back as GroupNode, catalog)).toEqual(rule);
        // And through JSON text, as the raw editor and the engine see it.
        expect(ruleToTree(JSON.parse(JSON.stringify(rule)), catalog)).toEqual(tree);
      });
    }
  }
});

describe('rule forms', () => {
  const one = (rule: unknown) => (ruleToTree(rule, catalog) as GroupNode).children[0] as ConditionNode;
  it('writes comparisons with the field first', () => {
    expect(treeToRule(root(cond('amount', 'gt', 'number')), catalog)).toEqual({ '>': [{ var: 'amount' }, 1000] });
    expect(treeToRule(root(cond('amount', 'between', 'number')), catalog)).toEqual({ '<=': [1000, { var: 'amount' }, 5000.5] });
    expect(treeToRule(root(cond('stage', 'any_of', 'picklist')), catalog)).toEqual({ in: [{ var: 'stage' }, ['won', 'lost']] });
    expect(treeToRule(root(cond('tags', 'has', 'multi_picklist')), catalog)).toEqual({ in: ['vip', { var: 'tags' }] });
    expect(treeToRule(root(cond('owner_id', 'is_me', 'user')), catalog)).toEqual({ '==': [{ var: 'owner_id' }, { current_user: [] }] });
  });
  it('uses today for dates and now for date/times in relative ranges', () => {
    expect(treeToRule(root(cond('close_date', 'last_days', 'date')), catalog)).toEqual({
      '<=': [{ date_add: [{ today: [] }, -30, 'day'] }, { var: 'close_date' }, { today: [] }],
    });
    expect(treeToRule(root(cond('signed_at', 'next_days', 'datetime')), catalog)).toEqual({
      '<=': [{ now: [] }, { var: 'signed_at' }, { date_add: [{ now: [] }, 30, 'day'] }],
    });
  });
  it('reads the docs examples', () => {
    expect(one({ '!': { var: 'approved' } })).toMatchObject({ path: 'approved', op: 'is_false' });
    expect(one({ in: [{ var: 'customer.industry' }, ['bank', 'insurance']] })).toMatchObject({ path: 'customer.industry', op: 'any_of' });
    expect(one({ contains: [{ var: 'customer.name' }, '科技'] })).toMatchObject({ op: 'contains', value: '科技' });
    expect(one({ '>': [{ var: 'budget.amount' }, 10] })).toMatchObject({ path: 'budget.amount', op: 'gt' });
  });
  it('keeps groups, nesting and NOT', () => {
    const rule = {
      or: [
        { and: [{ '>': [{ var: 'amount' }, 1000] }, { '==': [{ var: 'stage' }, 'won'] }] },
        { '!': { or: [{ is_empty: { var: 'name' } }, { '<': [{ var: 'close_date' }, '2026-01-01'] }] } },
        { '!': { '==': [{ var: 'stage' }, 'lost'] } },
        { and: [{ '==': [{ var: 'approved' }, true] }] },
      ],
    };
    const tree = ruleToTree(rule, catalog) as GroupNode;
    expect(tree.op).toBe('or');
    expect(tree.children[1]).toMatchObject({ kind: 'group', not: true, op: 'or' });
    expect(tree.children[2]).toMatchObject({ kind: 'condition', not: true, op: 'eq' });
    expect(treeToRule(tree, catalog)).toEqual(rule);
    const negatedRoot = { '!': { and: [{ '>': [{ var: 'amount' }, 1] }, { '<': [{ var: 'amount' }, 9] }] } };
    expect(treeToRule(ruleToTree(negatedRoot, catalog) as GroupNode, catalog)).toEqual(negatedRoot);
    const single = { and: [{ '>': [{ var: 'amount' }, 1] }] };
    expect(treeToRule(ruleToTree(single, catalog) as GroupNode, catalog)).toEqual(single);
  });
  it('maps no rule to an empty group and back', () => {
    expect(ruleToTree(undefined, catalog)).toEqual(root());
    expect(treeToRule(root(), catalog)).toBeUndefined();
  });
});

describe('rules the builder cannot show go to raw JSON (undefined)', () => {
  const cases: [string, unknown][] = [
    ['an unknown field', { '==': [{ var: 'nope' }, 1] }],
    ['a lookup path without lookups', { '==': [{ var: 'customer.industry' }, 'bank'] }],
    ['three lookups deep', { '==': [{ var: 'customer.parent.parent.name' }, 'x'] }],
    ['an operation it does not offer', { regex: [{ var: 'name' }, 'a.*'] }],
    ['arithmetic', { '>': [{ '*': [{ var: 'amount' }, 2] }, 10] }],
    ['the value first', { '==': ['won', { var: 'stage' }] }],
    ['a var with a default', { '==': [{ var: ['stage', 'new'] }, 'won'] }],
    ['a number compared with text', { '==': [{ var: 'amount' }, '1000'] }],
    ['a date that is not a date', { '<': [{ var: 'close_date' }, 'tomorrow'] }],
    ['a boolean equal to false', { '==': [{ var: 'approved' }, false] }],
    ['double negation', { '!': { '!': { '==': [{ var: 'stage' }, 'won'] } } }],
    ['a negated array argument', { '!': [{ var: 'approved' }] }],
    ['an operator the kind does not take', { contains: [{ var: 'amount' }, '1'] }],
    ['strict equality', { '===': [{ var: 'stage' }, 'won'] }],
    ['an object with two keys', { '==': [{ var: 'stage' }, 'won'], or: [] }],
    ['a plain value', true],
    ['prior', { '==': [{ prior: 'stage' }, 'won'] }],
    ['a json field', { '==': [{ var: 'settings' }, 'x'] }],
    ['a bad group inside a good one', { and: [{ '>': [{ var: 'amount' }, 1] }, { '==': [{ var: 'nope' }, 1] }] }],
    ['relative dates in hours', { '<=': [{ date_add: [{ today: [] }, -3, 'hour'] }, { var: 'close_date' }, { today: [] }] }],
    ['a date range anchored on now for a date', { '<=': [{ date_add: [{ now: [] }, -3, 'day'] }, { var: 'close_date' }, { now: [] }] }],
  ];
  for (const [what, rule] of cases) {
    it(what, () => {
      expect(ruleToTree(rule, what.includes('without lookups') ? flat : catalog)).toBeUndefined();
    });
  }
});
