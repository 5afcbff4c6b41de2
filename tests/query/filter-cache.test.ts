import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type RecordPage } from '../support/record-helpers.ts';
import { expectStatus, logIn } from '../access/helpers.ts';

/**
 * Compiled filters are reused between requests (query/filter.ts): a filter asked again must still answer
 * for the user asking, in their time zone, and against the metadata as it is now.
 */

let t: TestEngine;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'deal', label: { en: 'Deal' }, fields: [{ api_name: 'amount', type: 'integer' }, { api_name: 'note', type: 'text' }] });
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'rep', object_rights: { deal: { create: true, edit: true } }, data_scopes: { deal: 'all' } } }), 201);
  for (const key of ['ann', 'bob']) {
    const user = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: `${key}@cache.test`, name: key, password: `${key} password 1`, roles: ['rep'] } }), 201).json() as { id: string };
    ids[key] = user.id;
    tokens[key] = (await logIn(t, `${key}@cache.test`, `${key} password 1`)).token;
  }
  for (const [name, owner, amount] of [['ann-1', 'ann', 10], ['ann-2', 'ann', 20], ['bob-1', 'bob', 30]] as const) await createRecord(t, 'deal', { name, owner_id: ids[owner], amount, note: name });
});
afterAll(() => t.close());

const names = async (filter: unknown, token?: string) => {
  const res = await t.request({ method: 'GET', url: `/api/records/deal?sort=name&filter=${encodeURIComponent(JSON.stringify(filter))}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as RecordPage).items.map((r) => r.name);
};

describe('a filter asked again', () => {
  it('answers each user with their own current_user', async () => {
    const mine = { '==': [{ var: 'owner_id' }, { current_user: [] }] };
    for (let round = 0; round < 2; round++) {
      expect(await names(mine, tokens.ann)).toEqual(['ann-1', 'ann-2']);
      expect(await names(mine, tokens.bob)).toEqual(['bob-1']);
    }
  });

  it('answers the same filter the same way every time', async () => {
    const big = { '>=': [{ var: 'amount' }, 20] };
    for (let round = 0; round < 3; round++) expect(await names(big)).toEqual(['ann-2', 'bob-1']);
  });

  it('follows a metadata change: a filter on a field archived since is refused, not run against a stale plan', async () => {
    const onNote = { '==': [{ var: 'note' }, 'ann-1'] };
    expect(await names(onNote)).toEqual(['ann-1']);
    expectStatus(await t.request({ method: 'DELETE', url: '/api/meta/objects/deal/fields/note' }), 200);
    const res = await t.request({ method: 'GET', url: `/api/records/deal?filter=${encodeURIComponent(JSON.stringify(onNote))}` });
    expect(problemOf(res)).toMatchObject({ status: 400, code: 'invalid_filter' });
  });
});
