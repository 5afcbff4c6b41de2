import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, listAllPages, listPage, listUrl, problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';

let t: TestEngine;
let records: ApiRecord[];

const stages = ['new', 'won', 'lost'];

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'stage', type: 'picklist', values: stages.map((value) => ({ value, label: { en: value } })) },
      { api_name: 'region', type: 'text' },
      { api_name: 'closed', type: 'boolean' },
      { api_name: 'extra', type: 'json' },
    ],
  });
  records = [];
  for (let i = 0; i < 24; i += 1) {
    records.push(
      await createRecord(t, 'deal', {
        name: `Deal ${i}`,
        amount: i % 5 === 0 ? null : (i % 4) * 100 + 0.5,
        stage: i % 7 === 0 ? null : stages[i % 3],
        region: i % 4 === 0 ? null : ['north', 'south', 'east'][Math.floor(i / 3) % 3],
        closed: i % 2 === 0,
      }),
    );
  }
});
afterAll(() => t.close());

const idsWhere = (keep: (r: ApiRecord) => boolean) => records.filter(keep).map((r) => r.id).sort();
const sortedIds = (items: ApiRecord[]) => items.map((r) => r.id).sort();
const filtered = async (filter: unknown) => sortedIds(await listAllPages(t, 'deal', { filter, limit: 500 }));
const v = (name: string) => ({ var: name });

describe('list filters', () => {
  it('filters on equality with a URL-encoded JSON-logic filter', async () => {
    const url = `/api/records/deal?filter=${encodeURIComponent('{"==":[{"var":"stage"},"won"]}')}&limit=500`;
    const res = await t.request({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    const expected = idsWhere((r) => r.stage === 'won');
    expect(expected.length).toBeGreaterThan(3);
    expect(sortedIds((res.json() as RecordPage).items)).toEqual(expected);
  });

  it('combines conditions with and', async () => {
    const expected = idsWhere((r) => r.stage === 'won' && r.region === 'north' && r.closed === true);
    expect(expected.length).toBeGreaterThan(0);
    expect(await filtered({ and: [{ '==': [v('stage'), 'won'] }, { '==': [v('region'), 'north'] }, { '==': [v('closed'), true] }] })).toEqual(expected);
  });

  it('!= keeps records whose value is empty, as JSON-logic compares null with the value', async () => {
    const expected = idsWhere((r) => r.stage !== 'won');
    expect(expected.some((id) => records.find((r) => r.id === id)?.stage === null)).toBe(true);
    expect(await filtered({ '!=': [v('stage'), 'won'] })).toEqual(expected);
  });

  it('matches empty values with == null and non-empty ones with != null', async () => {
    expect(await filtered({ '==': [v('region'), null] })).toEqual(idsWhere((r) => r.region === null));
    expect(await filtered({ '!=': [v('region'), null] })).toEqual(idsWhere((r) => r.region !== null));
    expect(await filtered({ '==': [v('amount'), null] })).toEqual(idsWhere((r) => r.amount === null));
  });

  it('compares numbers, booleans and ids by value', async () => {
    expect(await filtered({ '==': [v('amount'), 100.5] })).toEqual(idsWhere((r) => r.amount === 100.5));
    expect(await filtered({ '==': [v('closed'), false] })).toEqual(idsWhere((r) => r.closed === false));
    const one = records[3] as ApiRecord;
    expect(await filtered({ '==': [v('id'), one.id] })).toEqual([one.id]);
  });

  it('pages through a filtered and sorted list without losing rows', async () => {
    const filter = { '!=': [v('region'), 'south'] };
    const whole = (await listPage(t, 'deal', { filter, sort: '-amount,region', limit: 500 })).items.map((r) => r.id);
    const paged = (await listAllPages(t, 'deal', { filter, sort: '-amount,region', limit: 4 })).map((r) => r.id);
    expect(paged).toEqual(whole);
    expect(sortedIds(await listAllPages(t, 'deal', { filter, limit: 3 }))).toEqual(idsWhere((r) => r.region !== 'south'));
  });

  it('does not match binned records', async () => {
    const victim = await createRecord(t, 'deal', { name: 'Binned', region: 'west' });
    expect(await filtered({ '==': [v('region'), 'west'] })).toEqual([victim.id]);
    expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${victim.id}` })).statusCode).toBe(204);
    expect(await filtered({ '==': [v('region'), 'west'] })).toEqual([]);
  });

  const badFilters: Array<[string, unknown]> = [
    ['an unknown field', { '==': [v('nope'), 1] }],
    ['an unknown field inside and', { and: [{ '==': [v('stage'), 'won'] }, { '==': [v('secret'), 'x'] }] }],
    ['an unsupported operator', { '<': [v('amount'), 100] }],
    ['an operator outside the allowlist', { or: [{ '==': [v('stage'), 'won'] }] }],
    ['a text for a number', { '==': [v('amount'), 'lots'] }],
    ['a number for a picklist', { '==': [v('stage'), 5] }],
    ['a value that is not in the picklist', { '==': [v('stage'), 'maybe'] }],
    ['a string for a boolean', { '==': [v('closed'), 'yes'] }],
    ['an object as value', { '==': [v('region'), { x: 1 }] }],
    ['a malformed id', { '==': [v('id'), 'not-a-uuid'] }],
    ['a json field', { '==': [v('extra'), 'x'] }],
    ['one argument', { '==': [v('stage')] }],
    ['a value on the left', { '==': ['won', v('stage')] }],
    ['two operators in one object', { '==': [v('stage'), 'won'], '!=': [v('region'), null] }],
    ['an array', [{ '==': [v('stage'), 'won'] }]],
    ['a bare value', 'won'],
    ['an empty and', { and: [] }],
  ];

  it.each(badFilters)('refuses %s with 400 invalid_filter', async (_what, filter) => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('deal', { filter }) }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_filter']);
  });

  it('names the unknown field in the errors list', async () => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('deal', { filter: { '==': [v('nope'), 1] } }) }));
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'nope' })]);
  });

  it('refuses a filter that is not JSON with 400 invalid_filter', async () => {
    const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/deal?filter=${encodeURIComponent('{"==": [')}` }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_filter']);
  });
});

describe('POST /api/records/:object/query', () => {
  const query = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/records/deal/query', payload });

  it('answers the same page as GET for the same filter, sort, limit and fields', async () => {
    const filter = { and: [{ '!=': [v('stage'), 'lost'] }, { '!=': [v('amount'), null] }] };
    const params = { filter, sort: '-amount,name', limit: 5, fields: ['name', 'amount'] };
    const viaGet = await listPage(t, 'deal', params);
    const res = await query(params);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(viaGet);
    expect(viaGet.next_cursor).not.toBeNull();
  });

  it('takes sort and fields as arrays, and continues from a cursor like GET', async () => {
    const filter = { '==': [v('closed'), true] };
    const first = (await query({ filter, sort: ['region', '-amount'], limit: 4, fields: ['region'] })).json() as RecordPage;
    const second = (await query({ filter, sort: 'region,-amount', limit: 4, fields: 'region', cursor: first.next_cursor })).json() as RecordPage;
    const viaGet = await listPage(t, 'deal', { filter, sort: 'region,-amount', limit: 4, fields: ['region'], cursor: first.next_cursor ?? undefined });
    expect(second).toEqual(viaGet);
    expect(second.items.map((r) => r.id)).not.toContain(first.items[0]?.id);
  });

  it('refuses a bad filter, an unknown property and a bad limit with 400', async () => {
    expect(problemOf(await query({ filter: { '==': [v('nope'), 1] } })).code).toBe('invalid_filter');
    expect(problemOf(await query({ where: { stage: 'won' } })).code).toBe('invalid_parameter');
    expect(problemOf(await query({ limit: 'ten' })).code).toBe('invalid_parameter');
    expect(problemOf(await query({ sort: 'rank' })).code).toBe('invalid_sort');
  });
});
