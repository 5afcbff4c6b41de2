import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type RecordPage } from '../support/record-helpers.ts';
import { expectStatus, logIn } from '../access/helpers.ts';

/** Search reads what the actor may read: their rows, their fields, their objects; global search groups by object. */

interface SearchBody {
  q: string;
  groups: Array<{ object: string; label: Record<string, string>; total: number; exact: boolean; items: Array<{ id: string; name: unknown; matched: Record<string, unknown> }> }>;
}

let t: TestEngine;
let rep1: string;
let rep2: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'lead',
    label: { en: 'Lead', 'zh-CN': '线索' },
    fields: [
      { api_name: 'phone', type: 'phone', searchable: true },
      { api_name: 'private_mobile', type: 'phone', searchable: true },
      { api_name: 'email', type: 'email', searchable: true },
    ],
  });
  await createObject(t, { api_name: 'account', label: { en: 'Account', 'zh-CN': '客户' }, fields: [{ api_name: 'city', type: 'text', searchable: true }] });
  await createObject(t, { api_name: 'contract', label: { en: 'Contract', 'zh-CN': '合同' }, fields: [] });
  expectStatus(
    await t.request({
      method: 'POST',
      url: '/api/admin/roles',
      payload: {
        api_name: 'rep',
        object_rights: { lead: { read: true, create: true, edit: true }, account: { read: true } },
        field_rights: { lead: { private_mobile: 'none' }, account: { name: 'none' } },
        data_scopes: { lead: 'self', account: 'all' },
      },
    }),
    201,
  );
  const users: Record<string, string> = {};
  for (const key of ['rep1', 'rep2']) {
    const res = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: `${key}@search.test`, name: key, password: `${key} password 1`, roles: ['rep'] } }), 201);
    users[key] = (res.json() as { id: string }).id;
  }
  rep1 = (await logIn(t, 'rep1@search.test', 'rep1 password 1')).token;
  rep2 = (await logIn(t, 'rep2@search.test', 'rep2 password 1')).token;
  ids.mine = (await createRecord(t, 'lead', { name: '北京星辰科技', phone: '138-1234-5678', private_mobile: '139-8765-4321', email: 'star@xingchen.cn', owner_id: users.rep1 })).id;
  ids.theirs = (await createRecord(t, 'lead', { name: '北京华信科技', phone: '138-1234-0000', private_mobile: '139-5555-6666', email: 'hx@huaxin.cn', owner_id: users.rep2 })).id;
  ids.account = (await createRecord(t, 'account', { name: '北京天合集团', city: '北京' })).id;
  ids.contract = (await createRecord(t, 'contract', { name: '北京星辰年度合同' })).id;
}, 120_000);
afterAll(() => t.close());

async function listIds(q: string, token?: string): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/api/records/lead?q=${encodeURIComponent(q)}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as RecordPage).items.map((r) => r.id).sort();
}

async function globalSearch(q: string, token?: string, limit?: number): Promise<SearchBody> {
  const res = await t.request({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}${limit === undefined ? '' : `&limit=${limit}`}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SearchBody;
}

describe('rows: a rep finds only the records their data scope covers', () => {
  it('in lists', async () => {
    expect(await listIds('北京科技')).toEqual([ids.mine, ids.theirs].sort());
    expect(await listIds('北京科技', rep1)).toEqual([ids.mine]);
    expect(await listIds('北京科技', rep2)).toEqual([ids.theirs]);
    expect(await listIds('1234', rep1)).toEqual([ids.mine]);
    expect(await listIds('华信', rep1)).toEqual([]);
  });

  it('in global search', async () => {
    const body = await globalSearch('北京', rep1);
    const leads = body.groups.find((g) => g.object === 'lead');
    expect(leads?.items.map((i) => i.id)).toEqual([ids.mine]);
    expect(leads?.total).toBe(1);
  });
});

describe('fields: a hidden searchable field never makes a record match', () => {
  it('the hidden value finds nothing for the rep, though the admin finds it', async () => {
    expect(await listIds('8765')).toEqual([ids.mine]);
    expect(await listIds('8765', rep1)).toEqual([]);
    expect(await listIds('139-8765-4321', rep1)).toEqual([]);
    // Half of the terms in a readable field, half in the hidden one: still no match.
    expect(await listIds('星辰 8765', rep1)).toEqual([]);
    const res = await t.request({ method: 'POST', url: '/api/records/lead/query', payload: { q: '8765' }, token: rep1 });
    expect((res.json() as RecordPage).items).toEqual([]);
    expect((await globalSearch('8765', rep1)).groups).toEqual([]);
  });

  it('global search names only readable matched fields, and no name when the name field is hidden', async () => {
    const admin = await globalSearch('北京');
    expect(admin.groups.find((g) => g.object === 'account')?.items).toEqual([{ id: ids.account, name: '北京天合集团', matched: { name: '北京天合集团', city: '北京' } }]);
    const rep = await globalSearch('北京', rep1);
    expect(rep.groups.find((g) => g.object === 'account')?.items).toEqual([{ id: ids.account, name: null, matched: { city: '北京' } }]);
    const mine = rep.groups.find((g) => g.object === 'lead')?.items[0];
    expect(mine).toEqual({ id: ids.mine, name: '北京星辰科技', matched: { name: '北京星辰科技' } });
    expect(JSON.stringify(await globalSearch('139', rep1))).not.toContain('private_mobile');
    // 天合 is only in the hidden name of the account.
    expect((await globalSearch('天合', rep1)).groups).toEqual([]);
  });
});

describe('objects: global search covers only the objects the actor may read', () => {
  it('a rep without rights on contracts does not see them; the admin does', async () => {
    expect((await globalSearch('星辰')).groups.map((g) => g.object).sort()).toEqual(['contract', 'lead']);
    expect((await globalSearch('星辰', rep1)).groups.map((g) => g.object)).toEqual(['lead']);
    expect((await globalSearch('合同', rep2)).groups).toEqual([]);
  });

  it('a list search on an object without read rights is refused', async () => {
    const problem = problemOf(await t.request({ method: 'GET', url: '/api/records/contract?q=%E5%90%88%E5%90%8C', token: rep1 }));
    expect([problem.status, problem.code]).toEqual([403, 'forbidden']);
  });
});

describe('global search', () => {
  it('groups by object with its label, a total and each item’s matched fields', async () => {
    const body = await globalSearch('北京');
    expect(body.q).toBe('北京');
    expect(body.groups.map((g) => g.object).sort()).toEqual(['account', 'contract', 'lead']);
    const leads = body.groups.find((g) => g.object === 'lead');
    expect(leads).toMatchObject({ label: { en: 'Lead', 'zh-CN': '线索' }, total: 2, exact: true });
    expect(leads?.items.map((i) => i.id).sort()).toEqual([ids.mine, ids.theirs].sort());
  });

  it('limits the items per object but counts them all', async () => {
    const leads = (await globalSearch('北京', undefined, 1)).groups.find((g) => g.object === 'lead');
    expect(leads?.items).toHaveLength(1);
    expect(leads?.total).toBe(2);
  });

  it('ranks name matches first, then the most recently updated', async () => {
    // ids.mine matches "xingchen" by its email only (star@xingchen.cn); these two come later.
    const named = await createRecord(t, 'lead', { name: 'Xingchen Partners', email: 'p@partners.cn' });
    const byEmail = await createRecord(t, 'lead', { name: 'Someone', email: 'rank@xingchen.cn' });
    const items = (await globalSearch('xingchen')).groups.find((g) => g.object === 'lead')?.items ?? [];
    expect(items.map((i) => i.id)).toEqual([named.id, byEmail.id, ids.mine]);
    expect(items[0]).toEqual({ id: named.id, name: 'Xingchen Partners', matched: { name: 'Xingchen Partners' } });
    expect(items[1]).toEqual({ id: byEmail.id, name: 'Someone', matched: { email: 'rank@xingchen.cn' } });
  });

  it('refuses a missing, empty or too long q and a bad limit with 400', async () => {
    for (const url of ['/api/search', '/api/search?q=', '/api/search?q=%20', `/api/search?q=${'a'.repeat(201)}`, '/api/search?q=a&limit=0', '/api/search?q=a&limit=51', '/api/search?q=a&limit=x']) {
      const problem = problemOf(await t.request({ method: 'GET', url }));
      expect([problem.status, problem.code], url).toEqual([400, 'invalid_parameter']);
    }
  });

  it('reads tsquery syntax and injection as text', async () => {
    for (const q of ["&|!():*'\\", "' or ''='", '北京 & !上海', '1234:*', "x'; select pg_sleep(1); --"]) {
      const res = await t.request({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
    expect((await globalSearch('北京 & !(')).groups.length).toBe(3);
    expect((await globalSearch('北京 & !上海')).groups).toEqual([]);
    expect((await globalSearch("&|!():*'\\")).groups).toEqual([]);
  });

  it('needs a login', async () => {
    expect((await t.request({ method: 'GET', url: '/api/search?q=a', token: null })).statusCode).toBe(401);
  });
});
