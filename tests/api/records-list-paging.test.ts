import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, listAllPages, listPage, listUrl, problemOf, type ApiRecord } from '../support/record-helpers.ts';

let t: TestEngine;
let records: ApiRecord[];
const ROWS = 57;

const pad = (n: number) => String(n).padStart(2, '0');

/** Deterministic rows with many duplicate sort values and nulls in every sortable field. */
function row(i: number): Record<string, unknown> {
  return {
    name: `n${i % 9}`,
    rank: i % 5 === 0 ? null : (i * 7) % 11,
    score: i % 4 === 0 ? null : ((i * 13) % 17) / 2,
    category: [null, 'b', 'a', 'c'][(i * 3) % 4],
    due: i % 6 === 0 ? null : `2026-01-${pad(1 + (i % 10))}`,
    flag: i % 3 === 0 ? null : i % 2 === 0,
    met_at: i % 7 === 0 ? null : `2026-03-01T10:00:${pad(i % 13)}.250Z`,
  };
}

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'item',
    label: { en: 'Item' },
    fields: [
      { api_name: 'rank', type: 'integer' },
      { api_name: 'score', type: 'decimal', precision: 8, scale: 2 },
      { api_name: 'category', type: 'picklist', values: ['a', 'b', 'c'].map((value) => ({ value, label: { en: value.toUpperCase() } })) },
      { api_name: 'due', type: 'date' },
      { api_name: 'flag', type: 'boolean' },
      { api_name: 'met_at', type: 'datetime' },
      { api_name: 'extra', type: 'json' },
    ],
  });
  records = [];
  // Concurrent batches, so several rows share a created_at millisecond.
  for (let start = 0; start < ROWS; start += 10) {
    const batch = Array.from({ length: Math.min(10, ROWS - start) }, (_, k) => createRecord(t, 'item', row(start + k)));
    records.push(...(await Promise.all(batch)));
  }
  // A few updates so updated_at and version differ between rows.
  for (const record of records.slice(0, 12)) {
    const res = await t.request({ method: 'PATCH', url: `/api/records/item/${record.id}`, payload: { extra: { touched: true } } });
    expect(res.statusCode).toBe(200);
  }
});
afterAll(() => t.close());

type Comparable = string | number | boolean | null;

/** PostgreSQL's order: nulls last ascending and first descending; the id breaks every tie. */
function expectedOrder(sort: string): string[] {
  const keys = sort.split(',').map((raw) => ({ field: raw.replace(/^-/, ''), desc: raw.startsWith('-') }));
  const compare = (a: Comparable, b: Comparable): number => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
  };
  return [...records]
    .sort((x, y) => {
      for (const { field, desc } of keys) {
        const c = compare(x[field] as Comparable, y[field] as Comparable);
        if (c !== 0) return desc ? -c : c;
      }
      return x.id < y.id ? -1 : 1;
    })
    .map((r) => r.id);
}

const ids = (list: ApiRecord[]) => list.map((r) => r.id);

describe('sorting', () => {
  it.each(['rank', '-rank', 'name,-rank', '-score,category', 'category,-score,name', 'flag,-due,rank', '-met_at,name', 'due,-flag,-score'])(
    'sorts by %s in PostgreSQL order, nulls included',
    async (sort) => {
      const page = await listPage(t, 'item', { sort, limit: 500 });
      expect(page.next_cursor).toBeNull();
      expect(ids(page.items)).toEqual(expectedOrder(sort));
    },
  );

  it.each([
    ['nope', 'invalid_sort'],
    ['rank,-rank', 'invalid_sort'],
    ['extra', 'invalid_sort'],
    ['name,rank,score,due,flag,met_at', 'invalid_sort'],
  ])('refuses sort=%s with 400 %s', async (sort, code) => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('item', { sort }) }));
    expect([problem.status, problem.code]).toEqual([400, code]);
  });
});

describe('keyset paging', () => {
  const sorts = ['', 'rank', '-rank', 'name,-rank', '-score,category', 'flag,-due,rank', '-met_at,name', 'created_at', '-created_at', '-updated_at,name', 'version,-name', '-id'];

  it.each(sorts.flatMap((sort) => [10, 7].map((limit): [string, number] => [sort, limit])))(
    'pages through all rows with sort=%j and limit %i: the same sequence as one big page, no duplicates or gaps',
    async (sort, limit) => {
      const params = sort ? { sort } : {};
      const whole = ids((await listPage(t, 'item', { ...params, limit: 500 })).items);
      expect(whole).toHaveLength(ROWS);
      const paged = ids(await listAllPages(t, 'item', { ...params, limit }));
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(ROWS);
    },
  );

  it('returns the default page size of 50 with a cursor to the rest', async () => {
    const first = await listPage(t, 'item');
    expect(first.items).toHaveLength(50);
    const rest = await listPage(t, 'item', { cursor: first.next_cursor ?? undefined });
    expect(rest.items).toHaveLength(ROWS - 50);
    expect(rest.next_cursor).toBeNull();
  });

  it('ends with next_cursor null exactly when the last page is full', async () => {
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPage(t, 'item', { sort: 'rank', limit: 19, cursor });
      pages.push(page.items.length);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([19, 19, 19]);
  });

  it.each(['0', '501', '-1', 'ten', '1.5'])('refuses limit=%s with 400 invalid_parameter', async (limit) => {
    const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/item?limit=${limit}` }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
  });
});

describe('cursors', () => {
  let rankCursor: string;
  beforeAll(async () => {
    rankCursor = (await listPage(t, 'item', { sort: 'rank', limit: 5 })).next_cursor ?? '';
    expect(rankCursor).not.toBe('');
  });

  const decoded = () => JSON.parse(Buffer.from(rankCursor, 'base64url').toString('utf8')) as { s: string; v: unknown[] };
  const encode = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

  it.each(['-rank', 'name', 'rank,name', ''])('refuses a cursor from sort=rank under sort=%j with 400 invalid_cursor', async (sort) => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('item', { sort: sort || undefined, cursor: rankCursor }) }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_cursor']);
  });

  it.each([
    ['garbage', () => 'not a cursor at all!'],
    ['truncated', () => rankCursor.slice(0, rankCursor.length - 6)],
    ['non-JSON', () => Buffer.from('{"s":"rank,id","v":[1,').toString('base64url')],
    ['a value too few', () => encode({ ...decoded(), v: decoded().v.slice(1) })],
    ['an object value', () => encode({ ...decoded(), v: [{ x: 1 }, decoded().v[1]] })],
    ['a text rank', () => encode({ ...decoded(), v: ['ten', decoded().v[1]] })],
    ['a malformed id', () => encode({ ...decoded(), v: [decoded().v[0], 'not-a-uuid'] })],
    ['a JSON array', () => encode([1, 2])],
  ])('refuses a tampered cursor (%s) with 400 invalid_cursor', async (_what, cursor) => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('item', { sort: 'rank', cursor: cursor() }) }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_cursor']);
  });
});

describe('fields projection', () => {
  it('returns only id, version and the named fields', async () => {
    const page = await listPage(t, 'item', { sort: 'rank', limit: 3, fields: ['name', 'rank'] });
    expect(page.items).toHaveLength(3);
    for (const item of page.items) expect(Object.keys(item).sort()).toEqual(['id', 'name', 'rank', 'version']);
    const full = await listPage(t, 'item', { sort: 'rank', limit: 3 });
    expect(page.items).toEqual(full.items.map((r) => ({ id: r.id, version: r.version, name: r.name, rank: r.rank })));
  });

  it('keeps the cursor working under a projection that leaves out the sort field', async () => {
    const paged = ids(await listAllPages(t, 'item', { sort: '-score,category', limit: 10, fields: ['name'] }));
    expect(paged).toEqual(expectedOrder('-score,category'));
  });

  it('projects GET by id too, and refuses unknown fields there', async () => {
    const record = records[20] as ApiRecord;
    const res = await t.request({ method: 'GET', url: `/api/records/item/${record.id}?fields=due,flag` });
    expect(res.json()).toEqual({ id: record.id, version: record.version, due: record.due, flag: record.flag });
    const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/item/${record.id}?fields=due,secret` }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
  });

  it('refuses an unknown field in fields with 400 invalid_parameter', async () => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('item', { fields: ['name', 'secret'] }) }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'secret' })]);
  });
});
