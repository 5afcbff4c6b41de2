import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, expectProblem, expectStatus, snapshot, type ChangeResponse } from '../support/meta-helpers.ts';

/** Validation rules are metadata: checked when the object is saved, versioned, revertable, with no DDL. */

let t: TestEngine;

const rule = (overrides: Record<string, unknown> = {}) => ({
  api_name: 'discount_cap',
  condition: { '>': [{ var: 'discount' }, 20] },
  message: { en: 'Discount over 20% needs approval', 'zh-CN': '折扣超过20%需要审批' },
  field: 'discount',
  active: true,
  ...overrides,
});

const patchRules = (rules: unknown, object = 'deal') => t.request({ method: 'PATCH', url: `/api/meta/objects/${object}`, payload: { validation_rules: rules } });
const errorsOf = (res: { json(): unknown }) => ((res.json() as { errors?: Array<{ field: string; code?: string; message: string }> }).errors ?? []);

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: 'Account', fields: [{ api_name: 'tier', type: 'text' }] });
  await createObject(t, {
    api_name: 'contract',
    label: 'Contract',
    fields: [
      { api_name: 'amount', type: 'integer' },
      { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
  await createObject(t, {
    api_name: 'deal',
    label: 'Deal',
    fields: [
      { api_name: 'stage', type: 'text' },
      { api_name: 'discount', type: 'integer' },
      { api_name: 'amount', type: 'integer' },
      { api_name: 'contract', type: 'lookup', target: 'contract', on_delete: 'set_null' },
    ],
  });
}, 120_000);
afterAll(() => t.close());

describe('saving rules', () => {
  it('an object is created with its rules and shows them', async () => {
    await createObject(t, {
      api_name: 'ticket',
      label: 'Ticket',
      fields: [{ api_name: 'priority', type: 'integer' }],
      validation_rules: [{ api_name: 'priority_range', condition: { '>': [{ var: 'priority' }, 5] }, message: { en: 'Priority is 1 to 5' }, field: 'priority', active: true }],
    });
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/ticket' })).json() as { validation_rules: unknown[] };
    expect(object.validation_rules).toEqual([{ api_name: 'priority_range', condition: { '>': [{ var: 'priority' }, 5] }, message: { en: 'Priority is 1 to 5' }, field: 'priority', active: true }]);
  });

  it('a change that only touches rules runs no DDL, yet is versioned and can be reverted', async () => {
    const before = await snapshot(t, 'deal');
    const res = await patchRules([rule(), rule({ api_name: 'contract_cap', field: 'amount', condition: { '>': [{ var: 'amount' }, { var: 'contract.amount' }] } })]);
    const change = res.json() as ChangeResponse;
    expect(res.statusCode, res.body).toBe(200);
    expect(change.operations).toEqual([]);
    expect(change.sql).toEqual([]);
    const after = await snapshot(t, 'deal');
    expect(after.version).toBe(before.version + 1);
    expect(after.changes).toBe(before.changes + 1);
    expect({ columns: after.columns, indexes: after.indexes, constraints: after.constraints }).toEqual({ columns: before.columns, indexes: before.indexes, constraints: before.constraints });
    expect((after.definition as { validation_rules: Array<{ api_name: string }> }).validation_rules.map((r) => r.api_name)).toEqual(['discount_cap', 'contract_cap']);

    const reverted = await expectStatus(t, 200, { method: 'POST', url: `/api/meta/changes/${change.id}/revert` });
    expect((reverted.json() as ChangeResponse).sql).toEqual([]);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/deal' })).json() as { validation_rules?: unknown };
    expect(object.validation_rules).toBeUndefined();
    expect((await snapshot(t, 'deal')).columns).toEqual(before.columns);
  });

  it('accepts rules using JS-only operations (prior, changed, reduce) and lookups two levels deep', async () => {
    const res = await patchRules([
      rule({ api_name: 'no_reopen', field: 'stage', condition: { and: [{ '==': [{ prior: 'stage' }, 'closed'] }, { changed: 'stage' }] } }),
      rule({ api_name: 'blocked_account', field: undefined, condition: { '==': [{ var: 'contract.account.tier' }, 'blocked'] } }),
      rule({ api_name: 'sum', condition: { '>': [{ reduce: [[1, 2], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, 5] } }),
      rule({ api_name: 'off', active: false, condition: true }),
    ]);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a rule may belong to the record as a whole (no field)', async () => {
    const { field: _field, ...whole } = rule({ api_name: 'whole' });
    expect((await patchRules([whole])).statusCode).toBe(200);
  });
});

describe('refusing bad rules (422, nothing changed)', () => {
  const refused = async (rules: unknown, status = 422, code = 'invalid_metadata') => {
    const before = await snapshot(t, 'deal');
    const res = await patchRules(rules);
    expectProblem(res, status, code);
    expect(await snapshot(t, 'deal')).toEqual(before);
    return errorsOf(res);
  };

  it('a condition reading an unknown field names the place in the rule', async () => {
    const errors = await refused([rule({ condition: { and: [true, { '>': [{ var: 'no_such_field' }, 1] }] } })]);
    expect(errors).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.condition.and.1.>.0.var', code: 'unknown_field' }));
  });

  it('an unknown operation', async () => {
    const errors = await refused([rule(), rule({ api_name: 'second', condition: { frobnicate: [1] } })]);
    expect(errors).toContainEqual(expect.objectContaining({ field: 'validation_rules.1.condition.frobnicate', code: 'unknown_operation' }));
  });

  it('a lookup path too deep, or through a field that is not a lookup', async () => {
    const deep = await refused([rule({ condition: { '==': [{ var: 'contract.account.tier.more' }, 1] } })]);
    expect(deep[0]?.field).toMatch(/^validation_rules\.0\.condition\./);
    const notLookup = await refused([rule({ condition: { '==': [{ var: 'stage.tier' }, 1] } })]);
    expect(notLookup[0]?.field).toMatch(/^validation_rules\.0\.condition\./);
  });

  it('paths into host objects', async () => {
    for (const path of ['constructor.name', '__proto__', 'stage.constructor']) {
      const errors = await refused([rule({ condition: { '==': [{ var: path }, 1] } })]);
      expect(errors[0]?.field, path).toMatch(/^validation_rules\.0\.condition/);
    }
  });

  it('a type mismatch inside the condition', async () => {
    const errors = await refused([rule({ condition: { '>': [{ var: 'stage' }, true] } })]);
    expect(errors[0]).toMatchObject({ field: 'validation_rules.0.condition.>', code: 'type_mismatch' });
  });

  it('a missing or empty message, condition, active flag', async () => {
    const { message: _m, ...noMessage } = rule();
    expect(await refused([noMessage])).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.message' }));
    expect(await refused([rule({ message: {} })])).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.message' }));
    expect(await refused([rule({ message: { fr: 'Non' } })])).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.message.fr' }));
    const { condition: _c, ...noCondition } = rule();
    expect(await refused([noCondition])).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.condition' }));
    const { active: _a, ...noActive } = rule();
    expect(await refused([noActive])).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.active' }));
    expect(await refused([rule({ unknown_property: 1 })])).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.unknown_property' }));
    expect(await refused({ not: 'a list' })).toContainEqual(expect.objectContaining({ field: 'validation_rules' }));
  });

  it('the field an error belongs to must be a field of the object', async () => {
    const errors = await refused([rule({ field: 'nope' })]);
    expect(errors).toEqual([expect.objectContaining({ field: 'validation_rules.0.field', code: 'unknown_field' })]);
  });

  it('rule names are API names, unique per object', async () => {
    expect(await refused([rule({ api_name: 'Bad Name' })], 422, 'invalid_name')).toContainEqual(expect.objectContaining({ field: 'validation_rules.0.api_name' }));
    expect(await refused([rule(), rule()], 409, 'duplicate_name')).toContainEqual(expect.objectContaining({ field: 'validation_rules.1.api_name' }));
  });

  it('archiving a field a rule reads is refused, naming the rule', async () => {
    expect((await patchRules([rule()])).statusCode).toBe(200);
    const res = await t.request({ method: 'DELETE', url: '/api/meta/objects/deal/fields/discount' });
    expectProblem(res, 422, 'invalid_metadata');
    expect(errorsOf(res).map((e) => e.field)).toEqual(expect.arrayContaining(['validation_rules.0.field', 'validation_rules.0.condition.>.0.var']));
  });

  it('the plan endpoint reports the same problems without applying anything', async () => {
    const res = await t.request({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'update_object', object: 'deal', patch: { validation_rules: [rule({ condition: { var: 'ghost' } })] } } });
    expectProblem(res, 422, 'invalid_metadata');
    expect(errorsOf(res)[0]).toMatchObject({ field: 'validation_rules.0.condition.var', code: 'unknown_field' });
  });
});
