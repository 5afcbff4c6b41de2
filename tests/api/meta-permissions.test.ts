import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, expectProblem, expectStatus, loginNonAdmin, selectRows, snapshot, tableExists, type ChangeResponse } from '../support/meta-helpers.ts';

let t: TestEngine;
let rep: { token: string; userId: string };
let created: ChangeResponse;
beforeAll(async () => {
  t = await startTestEngine();
  created = await createObject(t, {
    api_name: 'account',
    label: { en: 'Account', 'zh-CN': '客户' },
    fields: [{ api_name: 'industry', type: 'text' }],
  });
  await createRecord(t, 'account', { name: 'Acme', industry: 'Retail' });
  rep = await loginNonAdmin(t);
});
afterAll(() => t.close());

type Write = Pick<InjectOptions, 'method' | 'url' | 'payload'>;

/** Every metadata write, each one an admin would be allowed to make. */
const writes = (): Array<[string, Write]> => [
  ['create an object', { method: 'POST', url: '/api/meta/objects', payload: { api_name: 'sneaky', label: 'Sneaky' } }],
  ['relabel an object', { method: 'PATCH', url: '/api/meta/objects/account', payload: { label: 'Hacked' } }],
  ['archive an object', { method: 'DELETE', url: '/api/meta/objects/account' }],
  ['add a field', { method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: 'secret', type: 'text', indexed: true } }],
  ['relabel a field', { method: 'PATCH', url: '/api/meta/objects/account/fields/industry', payload: { label: 'Sector' } }],
  ['change a field type', { method: 'PATCH', url: '/api/meta/objects/account/fields/industry', payload: { type: 'long_text' } }],
  ['archive a field', { method: 'DELETE', url: '/api/meta/objects/account/fields/industry' }],
  ['plan a change', { method: 'POST', url: '/api/meta/plan', payload: { kind: 'create_field', object: 'account', definition: { api_name: 'secret', type: 'text' } } }],
  ['revert a change', { method: 'POST', url: `/api/meta/changes/${created.id}/revert` }],
];

/** Writes whose input is also wrong: rights are checked before the input is looked at. */
const badWrites: Array<[string, Write]> = [
  ['create an object from a list', { method: 'POST', url: '/api/meta/objects', payload: [] }],
  ['rename an object', { method: 'PATCH', url: '/api/meta/objects/account', payload: { api_name: 'client' } }],
  ['rename a field', { method: 'PATCH', url: '/api/meta/objects/account/fields/industry', payload: { api_name: 'sector' } }],
  ['add a field to a missing object', { method: 'POST', url: '/api/meta/objects/nowhere/fields', payload: { api_name: 'x', type: 'text' } }],
  ['plan an unknown kind of change', { method: 'POST', url: '/api/meta/plan', payload: { kind: 'drop_table' } }],
];

describe('a user who is not an administrator', () => {
  it('can read metadata and its history', async () => {
    const list = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects', token: rep.token })).json() as { items: Array<{ api_name: string }> };
    expect(list.items.map((o) => o.api_name)).toEqual(['account']);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/account', token: rep.token })).json() as { label: unknown };
    expect(object.label).toEqual({ en: 'Account', 'zh-CN': '客户' });
    const changes = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes', token: rep.token })).json() as { items: Array<{ id: string }> };
    expect(changes.items.map((c) => c.id)).toEqual([created.id]);
    await expectStatus(t, 200, { method: 'GET', url: `/api/meta/changes/${created.id}`, token: rep.token });
  });

  it('gets 403 forbidden on every metadata write, and nothing changes', async () => {
    const before = await snapshot(t, 'account');
    for (const [what, write] of [...writes(), ...badWrites]) {
      const response = await t.request({ ...write, token: rep.token });
      expect(response.statusCode, `${what}: ${response.body}`).toBe(403);
      expectProblem(response, 403, 'forbidden');
    }
    expect(await snapshot(t, 'account')).toEqual(before);
    expect(await tableExists(t, 'sneaky')).toBe(false);
    expect(await selectRows(t, 'account', ['name', 'industry'])).toEqual([{ name: 'Acme', industry: 'Retail' }]);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/account' })).json() as { archived?: boolean; label: unknown; fields: Array<{ api_name: string; label: unknown; type: string; archived?: boolean }> };
    expect(object.archived).toBeUndefined();
    expect(object.fields.map((f) => [f.api_name, f.type, f.archived ?? false])).toEqual([['name', 'text', false], ['industry', 'text', false]]);
  });

  it('was refused requests that an administrator may make', async () => {
    // The same requests with the admin's token pass, so the 403s above were about rights alone.
    const [, relabel] = writes()[1] as [string, Write];
    await expectStatus(t, 200, { ...relabel });
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/account', token: rep.token })).json() as { label: unknown };
    expect(object.label).toEqual({ en: 'Hacked' });
    const [, plan] = writes()[7] as [string, Write];
    await expectStatus(t, 200, { ...plan });
  });
});
