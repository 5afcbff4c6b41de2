import { describe, expect, it } from 'vitest';
import { isAppError } from '../../engine/src/kernel/index.ts';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { checkRule, compileCondition, createBuiltinOperators, jsonDataScope, metadataScope, ruleError } from '../../engine/src/logic/index.ts';
import { crmMetadata } from './crm-metadata.ts';

const operators = createBuiltinOperators();
const scope = metadataScope({ metadata: crmMetadata(), registry: createBuiltinRegistry(), object: 'deal', schema: 't_check' });
const check = (rule: unknown, mode: 'js' | 'sql' = 'sql') => checkRule(rule, { resolveVar: scope.resolveVar, mode, operators });
const firstError = (rule: unknown, mode: 'js' | 'sql' = 'sql') => {
  const result = check(rule, mode);
  return result.errors[0] ? { field: result.errors[0].field, code: result.errors[0].code } : undefined;
};

const nested = (depth: number): unknown => (depth === 0 ? { var: 'name' } : { '!': [nested(depth - 1)] });

describe('checkRule accepts what the metadata allows and infers the type', () => {
  it.each([
    [{ '==': [{ var: 'stage' }, 'won'] }, 'boolean'],
    [{ var: 'customer.industry' }, 'string'],
    [{ var: 'customer.parent.industry' }, 'string'],
    [{ var: 'budget.amount' }, 'number'],
    [{ var: 'budget.currency' }, 'string'],
    [{ '+': [{ var: 'amount' }, { var: 'seats' }] }, 'number'],
    [{ date_add: [{ var: 'close_date' }, 30, 'day'] }, 'date'],
    [{ start_of: [{ var: 'closed_at' }, 'week', 'Asia/Shanghai'] }, 'datetime'],
    [{ '<': [{ var: 'close_date' }, { today: [] }] }, 'boolean'],
    [{ '>=': [{ var: 'closed_at' }, '2026-03-01T01:30:00.000Z'] }, 'boolean'],
    [{ in: [{ var: 'stage' }, ['won', 'lost']] }, 'boolean'],
    [{ in: ['hot', { var: 'tags' }] }, 'boolean'],
    [{ some: [{ var: 'tags' }, { starts_with: [{ var: '' }, 'h'] }] }, 'boolean'],
    [{ if: [{ var: 'owner' }, { var: 'name' }, 'nobody'] }, 'string'],
    [{ contains: [{ var: 'customer.name' }, '科技'] }, 'boolean'],
    [{ var: 'id' }, 'string'],
    [{ var: 'created_at' }, 'datetime'],
  ])('%j → %s', (rule, type) => {
    expect(check(rule)).toEqual({ ok: true, type, errors: [] });
  });
});

describe('checkRule refuses, naming the place in the rule', () => {
  it.each([
    ['an unknown operation', { and: [true, { regex: ['a', 'b'] }] }, 'and.1.regex', 'unknown_operation'],
    ['an unknown field', { and: [true, { '==': [{ var: 'nope' }, 1] }] }, 'and.1.==.0.var', 'unknown_field'],
    ['an archived field', { var: 'old_note' }, 'var', 'unknown_field'],
    ['a third lookup', { var: 'customer.parent.parent.industry' }, 'var', 'unknown_field'],
    ['a path past a user field', { var: 'owner.email' }, 'var', 'unknown_field'],
    ['a computed path over typed fields', { var: { cat: ['na', 'me'] } }, 'var.0', 'invalid_argument'],
    ['constructor', { var: 'constructor.name' }, 'var', 'forbidden_path'],
    ['__proto__', { '==': [{ var: 'customer.__proto__.x' }, 1] }, '==.0.var', 'forbidden_path'],
    ['prototype', { var: 'prototype' }, 'var', 'forbidden_path'],
    ['constructor as an operation', { constructor: [] }, 'constructor', 'unknown_operation'],
    ['toString as an operation', { toString: [] }, 'toString', 'unknown_operation'],
    ['a number compared with text', { '==': [{ var: 'amount' }, 'abc'] }, '==', 'type_mismatch'],
    ['a date compared with a non-date', { '<': [{ var: 'close_date' }, 'yesterday'] }, '<', 'type_mismatch'],
    ['a date compared with a date-time', { '<': [{ var: 'close_date' }, { var: 'closed_at' }] }, '<', 'type_mismatch'],
    ['a date-time literal not in the API form', { '==': [{ var: 'closed_at' }, '2026-03-01T09:30:00+08:00'] }, '==', 'type_mismatch'],
    ['arithmetic on text', { '+': [{ var: 'stage' }, 1] }, '+.0', 'type_mismatch'],
    ['a list of the wrong type', { in: [{ var: 'amount' }, ['a']] }, 'in.1', 'type_mismatch'],
    ['a date operation on text', { date_add: [{ var: 'name' }, 1, 'day'] }, 'date_add.0', 'type_mismatch'],
    ['hours added to a date', { date_add: [{ var: 'close_date' }, 1, 'hour'] }, 'date_add.2', 'invalid_argument'],
    ['an unknown time zone', { today: 'Mars/Olympus' }, 'today.0', 'invalid_argument'],
    ['contains on a number', { contains: [{ var: 'amount' }, '1'] }, 'contains.0', 'type_mismatch'],
    ['an element path on a list of texts', { some: [{ var: 'tags' }, { '==': [{ var: 'x' }, 1] }] }, 'some.1.==.0.var', 'unknown_field'],
    ['missing with an unknown key', { missing: ['name', 'nope'] }, 'missing.0', 'unknown_field'],
    ['the wrong number of arguments', { '==': [1] }, '==', 'arity'],
    ['an object with two keys', { '==': [{ var: 'name', x: 1 }, 1] }, '==.0', 'invalid_operation'],
    ['prior where SQL is needed', { and: [true, { changed: 'stage' }] }, 'and.1.changed', 'not_compilable'],
    ['reduce where SQL is needed', { reduce: [{ var: 'tags' }, { cat: [{ var: 'accumulator' }, { var: 'current' }] }, ''] }, 'reduce', 'not_compilable'],
    ['a composite value where SQL is needed', { var: 'budget' }, 'var', 'not_compilable'],
    ['nesting over 32 levels', nested(40), '', 'too_deep'],
    ['more than 64 KB', { in: [{ var: 'name' }, Array.from({ length: 7000 }, (_, i) => `customer-${i}`)] }, '', 'too_large'],
    ['an operation with more than 256 arguments (5,000 operands exhaust PostgreSQL\'s parser)', { '+': Array.from({ length: 5000 }, () => 1) }, '+', 'too_large'],
    ['more than 1,000 operations (each var is one)', { or: Array.from({ length: 4 }, () => ({ and: Array.from({ length: 126 }, (_, i) => ({ '==': [{ var: 'name' }, `n${i}`] })) })) }, 'or.3.and.119.==.0.var', 'too_large'],
  ])('%s', (_what, rule, field, code) => {
    expect(firstError(rule)).toEqual({ field, code });
  });

  it('takes rules at the limits: 256 arguments, 1,000 operations, a long list of values', () => {
    expect(check({ '+': Array.from({ length: 256 }, () => 1) }).errors).toEqual([]);
    expect(check({ or: Array.from({ length: 4 }, () => ({ and: Array.from({ length: 124 }, (_, i) => ({ '==': [{ var: 'name' }, `n${i}`] })) })) }).errors).toEqual([]);
    expect(check({ in: [{ var: 'name' }, Array.from({ length: 3000 }, (_, i) => `c${i}`)] }).errors).toEqual([]);
  });

  it('reports every problem at once, each at its own place', () => {
    const result = check({ and: [{ '==': [{ var: 'nope' }, 1] }, { foo: [] }, { '+': [{ var: 'stage' }, 2] }] });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.field)).toEqual(['and.0.==.0.var', 'and.1.foo', 'and.2.+.0']);
  });

  it('allows JavaScript-only operations when the rule runs in JavaScript, over existing fields only', () => {
    expect(check({ and: [{ changed: 'stage' }, { '==': [{ prior: 'stage' }, 'new'] }] }, 'js')).toMatchObject({ ok: true, errors: [] });
    expect(firstError({ prior: 'nope' }, 'js')).toEqual({ field: 'prior.0', code: 'unknown_field' });
  });

  it('accepts a rule of exactly 32 levels', () => {
    expect(check(nested(15)).ok).toBe(true);
  });

  it('turns a failed check into a problem with a stable code', () => {
    const invalid = ruleError(check({ var: 'nope' }));
    expect(invalid.toProblem()).toMatchObject({ status: 422, code: 'invalid_rule', errors: [{ field: 'var', code: 'unknown_field' }] });
    expect(ruleError(check({ prior: 'stage' })).code).toBe('rule_not_compilable');
    expect(ruleError(check({ var: 'nope' }), 'invalid_filter').status).toBe(400);
  });

  it('refuses the same rules when compiling them, with the caller’s code', () => {
    let caught: unknown;
    try {
      compileCondition({ '==': [{ var: 'customer.nope' }, 1] }, scope, { operators, errorCode: 'invalid_filter' });
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught) && caught.toProblem()).toMatchObject({ status: 400, code: 'invalid_filter', errors: [{ field: '==.0.var', code: 'unknown_field' }] });
  });
});

describe('JSON data of unknown shape', () => {
  it('resolves every path and allows computed paths, but never forbidden ones', () => {
    const json = jsonDataScope({ a: 1 });
    const checkJson = (rule: unknown) => checkRule(rule, { resolveVar: json.resolveVar, root: json.root, mode: 'sql', operators });
    expect(checkJson({ var: { cat: ['a', '.b'] } }).ok).toBe(true);
    expect(checkJson({ '==': [{ var: 'x.y.z' }, 'a'] }).ok).toBe(true);
    expect(checkJson({ var: 'x.constructor' }).errors[0]).toMatchObject({ field: 'var', code: 'forbidden_path' });
  });
});
