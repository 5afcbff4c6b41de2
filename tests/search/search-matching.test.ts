import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, tableRows, type RecordPage } from '../support/record-helpers.ts';

/** What `q` finds on a list: Chinese inside longer Chinese, English prefixes, phone and digit fragments, emails. */

let t: TestEngine;
const ids: Record<string, string> = {};

const COMPANIES: Array<[string, Record<string, unknown>]> = [
  ['xingchen', { name: '北京星辰科技有限公司', name_en: 'Acme Corp', phone: '138-1234-5678', email: 'zhang.san@acme-tech.cn' }],
  ['huaxin', { name: '上海华信贸易有限公司', name_en: 'Huaxin Trading', phone: '+86 21 6552 9988', email: 'li.si@huaxin.com' }],
  ['boyuan', { name: '北京博远咨询', name_en: 'Boyuan Consulting', phone: '13812345678', email: 'wang@boyuan.cn' }],
  ['tianhe', { name: '深圳天合软件', name_en: 'Tianhe Soft', phone: '(0755) 8888-1234', email: 'contact@tianhe.io' }],
  ['kejiguan', { name: '科技馆', name_en: 'Science Hall', phone: '010-6666-0000', email: 'info@museum.cn', code: 'SECRET-ACME-7777', notes: '北京 Acme 合作伙伴' }],
];

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'customer',
    label: { en: 'Customer', 'zh-CN': '客户' },
    fields: [
      { api_name: 'name_en', type: 'text', searchable: true },
      { api_name: 'phone', type: 'phone', searchable: true },
      { api_name: 'email', type: 'email', searchable: true },
      { api_name: 'code', type: 'text', searchable: false },
      { api_name: 'notes', type: 'long_text' },
      { api_name: 'rank', type: 'integer' },
    ],
  });
  let rank = 0;
  for (const [key, values] of COMPANIES) ids[key] = (await createRecord(t, 'customer', { ...values, rank: (rank += 1) })).id;
}, 120_000);
afterAll(() => t.close());

async function search(q: string, extra: Record<string, string> = {}): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/api/records/customer?${new URLSearchParams({ q, ...extra }).toString()}` });
  expect(res.statusCode, res.body).toBe(200);
  const keyOf = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return (res.json() as RecordPage).items.map((r) => keyOf.get(r.id) ?? r.id).sort();
}

describe('Chinese text inside longer Chinese text', () => {
  it.each([
    ['北京科技', ['xingchen']], // 北京 … 科技: not contiguous in 北京星辰科技有限公司
    ['北京', ['boyuan', 'xingchen']],
    ['星辰科技', ['xingchen']],
    ['有限公司', ['huaxin', 'xingchen']],
    ['京', ['boyuan', 'xingchen']], // one character: also at the end of a word
    ['司', ['huaxin', 'xingchen']],
    ['科技', ['kejiguan', 'xingchen']],
    ['馆', ['kejiguan']],
    ['华信贸易', ['huaxin']],
    ['信贸易', ['huaxin']], // odd length: the last bigram overlaps
    ['广州', []],
    ['北京上海', []],
  ])('%s finds %j', async (q, expected) => {
    expect(await search(q)).toEqual(expected);
  });

  it('mixes Chinese and English: every term must match', async () => {
    expect(await search('北京 Acme')).toEqual(['xingchen']);
    expect(await search('北京 huaxin')).toEqual([]);
  });
});

describe('English words', () => {
  it.each([
    ['acme', ['xingchen']],
    ['ACM', ['xingchen']], // case-insensitive prefix
    ['Acme Corp', ['xingchen']],
    ['corp acme', ['xingchen']], // order does not matter
    ['trad', ['huaxin']],
    ['soft', ['tianhe']],
    ['cme', []], // prefixes, not inner fragments of words
    ['acme trading', []],
  ])('%s finds %j', async (q, expected) => {
    expect(await search(q)).toEqual(expected);
  });
});

describe('phone numbers and digit fragments', () => {
  it.each([
    ['1234', ['boyuan', 'tianhe', 'xingchen']], // inside 138-1234-5678, 13812345678 and (0755) 8888-1234
    ['13812345678', ['boyuan', 'xingchen']], // typed without separators finds the number written with them
    ['138-1234-5678', ['boyuan', 'xingchen']],
    ['138 1234', ['boyuan', 'xingchen']],
    ['5678', ['boyuan', 'xingchen']],
    ['6552', ['huaxin']],
    ['8621', ['huaxin']], // +86 21 …
    ['0755', ['tianhe']],
    ['99999', []],
    ['１３８１２３４', ['boyuan', 'xingchen']], // full-width digits
  ])('%s finds %j', async (q, expected) => {
    expect(await search(q)).toEqual(expected);
  });
});

describe('emails', () => {
  it.each([
    ['zhang.san@acme-tech.cn', ['xingchen']],
    ['zhang.san', ['xingchen']],
    ['li.si@huaxin', ['huaxin']],
    ['boyuan.cn', ['boyuan']],
    ['contact@tianhe.io', ['tianhe']],
    ['nobody@nowhere.org', []],
  ])('%s finds %j', async (q, expected) => {
    expect(await search(q)).toEqual(expected);
  });
});

describe('which fields are searched', () => {
  it('only the name field and the fields marked searchable are searched', async () => {
    expect(await search('SECRET')).toEqual([]);
    expect(await search('7777')).toEqual([]);
    expect(await search('合作伙伴')).toEqual([]);
  });

  it('a record in the recycle bin is not found', async () => {
    const binned = await createRecord(t, 'customer', { name: '回收站测试公司', phone: '139-0000-4242' });
    expect(await search('回收站')).toEqual([binned.id]);
    expect((await t.request({ method: 'DELETE', url: `/api/records/customer/${binned.id}` })).statusCode).toBe(204);
    expect(await search('回收站')).toEqual([]);
  });

  it('finds a record by its new value right after an update, and not by its old one', async () => {
    const created = await createRecord(t, 'customer', { name: '杭州云启网络', phone: '137-2222-3333' });
    const res = await t.request({ method: 'PATCH', url: `/api/records/customer/${created.id}`, payload: { name: '杭州瑞达网络' }, headers: { 'if-match': `"${created.version}"` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await search('瑞达')).toEqual([created.id]);
    expect(await search('云启')).toEqual([]);
  });
});

describe('q with the other list parameters', () => {
  it('combines with a filter, a sort, a limit and cursor paging', async () => {
    expect(await search('北京', { filter: JSON.stringify({ '>': [{ var: 'rank' }, 1] }) })).toEqual(['boyuan']);
    const first = await t.request({ method: 'GET', url: `/api/records/customer?${new URLSearchParams({ q: '有限公司', sort: '-rank', limit: '1' }).toString()}` });
    const page1 = first.json() as RecordPage;
    expect(page1.items.map((r) => r.id)).toEqual([ids.huaxin]);
    const second = await t.request({ method: 'GET', url: `/api/records/customer?${new URLSearchParams({ q: '有限公司', sort: '-rank', limit: '1', cursor: page1.next_cursor ?? '' }).toString()}` });
    expect((second.json() as RecordPage).items.map((r) => r.id)).toEqual([ids.xingchen]);
  });

  it('works in POST /api/records/:object/query', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/customer/query', payload: { q: '北京科技', fields: ['name'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as RecordPage).items).toEqual([{ id: ids.xingchen, version: 1, name: '北京星辰科技有限公司' }]);
  });
});

describe('bad input is a 400 naming q, never a 500, and changes nothing', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['over 200 characters', '北'.repeat(201)],
    ['a NUL character', 'acme\u0000'],
  ])('%s', async (_what, q) => {
    const before = await tableRows(t, 'customer');
    for (const res of [
      await t.request({ method: 'GET', url: `/api/records/customer?q=${encodeURIComponent(q)}` }),
      await t.request({ method: 'POST', url: '/api/records/customer/query', payload: { q } }),
    ]) {
      const problem = problemOf(res);
      expect([problem.status, problem.code], res.body).toEqual([400, 'invalid_parameter']);
      expect(problem.errors?.map((e) => e.field)).toEqual(['q']);
    }
    expect(await tableRows(t, 'customer')).toEqual(before);
  });

  it('200 characters are accepted', async () => {
    expect(await search('北'.repeat(200))).toEqual([]);
  });

  it('q that is not a string in a query body', async () => {
    const problem = problemOf(await t.request({ method: 'POST', url: '/api/records/customer/query', payload: { q: ['acme'] } }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
  });

  it('an object without searchable fields refuses q', async () => {
    await createObject(t, { api_name: 'counter', label: { en: 'Counter' }, fields: [{ api_name: 'n', type: 'integer' }] });
    expect((await t.request({ method: 'PATCH', url: '/api/meta/objects/counter/fields/name', payload: { searchable: false } })).statusCode).toBe(200);
    const problem = problemOf(await t.request({ method: 'GET', url: '/api/records/counter?q=x' }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
  });

  it.each([
    ["&|!():*'\\", []],
    ["' or 1=1 --", []],
    ['acme & !corp', ['xingchen']],
    ["acme'); drop table customer; --", []],
    ['acme:*', ['xingchen']],
    ['(北京 | 上海)', []],
    ['!北京', ['boyuan', 'xingchen']],
    ['<->', []],
    ['\\\\', []],
  ])('tsquery syntax and injection %j are text: %j', async (q, expected) => {
    const before = await tableRows(t, 'customer');
    expect(await search(q)).toEqual(expected);
    expect(await tableRows(t, 'customer')).toEqual(before);
  });
});
