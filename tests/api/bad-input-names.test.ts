import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectRefusedWithoutChange } from '../support/snapshot.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  const base = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account', fields: [{ api_name: 'city', type: 'text' }] } });
  if (base.statusCode !== 201) throw new Error(`base object: ${base.body}`);
});
afterAll(() => t?.close());

/** SQL key words and the engine's own system columns: refused as names of objects and of fields. */
const RESERVED = ['select', 'table', 'user', 'order', 'from', 'where', 'group', 'drop', 'id', 'created_at', 'created_by', 'updated_at', 'owner_id', 'version', 'deleted_at', 'tenant', 'oid', 'xmin'];

/** Names that break the pattern ^[a-z][a-z0-9_]{0,62}$, or the `__` / trailing `_` rule. */
const INVALID: Array<[string, unknown]> = [
  ['64 characters', 'a'.repeat(64)],
  ['upper-case', 'Account'],
  ['all upper-case', 'INVOICE'],
  ['a leading digit', '1invoice'],
  ['a leading underscore (system tables)', '_meta_objects'],
  ['a double quote', 'inv"oice'],
  ['a single quote', "inv'oice"],
  ['a space', 'in voice'],
  ['a statement end and comment', 'invoice;--'],
  ['a double underscore', 'inv__oice'],
  ['a trailing underscore', 'invoice_'],
  ['a hyphen', 'sales-order'],
  ['a dot', 'public.invoice'],
  ['accented letters', 'clïent'],
  ['Chinese', '客户'],
  ['full-width letters', 'ｉｎｖｏｉｃｅ'],
  ['a NUL character', 'inv\u0000oice'],
  ['a new line', 'invoice\n'],
  ['the empty string', ''],
  ['a number', 42],
  ['null', null],
  ['an object', { name: 'invoice' }],
  ['a list', ['invoice']],
  ['a boolean', true],
];

describe('object API names', () => {
  it.each(RESERVED)('refuses the reserved word %s with reserved_name', async (name) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { api_name: name, label: 'Reserved' } }, { status: 422, code: 'reserved_name', fields: ['api_name'] });
  });

  it.each(INVALID)('refuses a name with %s with invalid_name', async (_why, name) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { api_name: name, label: 'Invalid' } }, { status: 422, code: 'invalid_name', fields: ['api_name'] });
  });

  it('refuses an object without any api_name with invalid_name', async () => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload: { label: 'Nameless' } }, { status: 422, code: 'invalid_name', fields: ['api_name'] });
  });

  it('accepts the longest valid name, 63 characters, so the 64-character refusal is about length', async () => {
    const name = `a${'b'.repeat(62)}`;
    const response = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: name } });
    expect(response.statusCode, response.body).toBe(201);
  });
});

describe('field API names', () => {
  it.each(RESERVED)('refuses the reserved word %s with reserved_name', async (name) => {
    await expectRefusedWithoutChange(
      t,
      { method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: name, type: 'text' } },
      { status: 422, code: 'reserved_name', fields: [/(^|\.)api_name$/] },
    );
  });

  it.each(INVALID)('refuses a name with %s with invalid_name', async (_why, name) => {
    await expectRefusedWithoutChange(
      t,
      { method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: name, type: 'text' } },
      { status: 422, code: 'invalid_name', fields: [/(^|\.)api_name$/] },
    );
  });

  it.each(INVALID)('refuses a field named with %s inside a new object, naming the field', async (_why, name) => {
    await expectRefusedWithoutChange(
      t,
      { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'invoice', fields: [{ api_name: name, type: 'integer' }] } },
      { status: 422, code: 'invalid_name', fields: [/^fields\..*api_name$/s] },
    );
  });

  it('refuses a name whose column would pass 63 characters (currency adds a suffix)', async () => {
    await expectRefusedWithoutChange(
      t,
      { method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: `a${'b'.repeat(62)}`, type: 'currency' } },
      { status: 422, code: 'invalid_name', fields: [/api_name$/] },
    );
  });
});
