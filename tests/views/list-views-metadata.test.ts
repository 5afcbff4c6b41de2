import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, expectProblem, metadataVersion } from '../support/meta-helpers.ts';

let t: TestEngine;

const stage = { api_name: 'stage', type: 'picklist', values: ['open', 'won', 'lost'].map((v) => ({ value: v, label: { en: v } })) };
const fields = [stage, { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 }, { api_name: 'note', type: 'long_text' }, { api_name: 'specs', type: 'json' }, { api_name: 'close_on', type: 'date' }];
const openDeals = {
  api_name: 'my_open_deals',
  label: { en: 'My open deals', 'zh-CN': '我的进行中商机' },
  columns: ['name', 'stage', 'amount', 'close_on'],
  sort: '-amount,close_on',
  filter: { and: [{ '==': [{ var: 'owner_id' }, { current_user: [] }] }, { '==': [{ var: 'stage' }, 'open'] }] },
};
const board = { api_name: 'pipeline', label: { en: 'Pipeline', 'zh-CN': '销售漏斗' }, columns: ['name', 'amount'], kanban: { group_by: 'stage', card_fields: ['amount', 'close_on'], sum_field: 'amount' } };

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'deal', label: { en: 'Deal' }, fields, list_views: [openDeals, board] });
});
afterAll(() => t.close());

const patchViews = (listViews: unknown) => t.request({ method: 'PATCH', url: '/api/meta/objects/deal', payload: { list_views: listViews } });

describe('list views as metadata', () => {
  it('are kept on the object with their columns, sort, filter and kanban settings', async () => {
    const res = await t.request({ method: 'GET', url: '/api/meta/objects/deal' });
    expect(res.statusCode).toBe(200);
    const views = (res.json() as { list_views: unknown[] }).list_views;
    expect(views).toEqual([expect.objectContaining(openDeals), expect.objectContaining(board)]);
  });

  it.each([
    ['an unknown column', [{ ...openDeals, columns: ['name', 'nope'] }], 'list_views.0.columns.1', 'unknown_field'],
    ['an unknown sort field', [{ ...openDeals, sort: '-nope' }], 'list_views.0.sort', 'unknown_field'],
    ['sorting by a field that cannot be sorted', [{ ...openDeals, sort: 'specs,-amount' }], 'list_views.0.sort', 'invalid_metadata'],
    ['a filter on an unknown field', [{ ...openDeals, filter: { '==': [{ var: 'colour' }, 'red'] } }], 'list_views.0.filter.==.0.var', 'unknown_field'],
    ['a filter using an operation that cannot run in the database', [{ ...openDeals, filter: { changed: 'stage' } }], 'list_views.0.filter.changed', undefined],
    ['a kanban grouped by a non-picklist', [{ ...board, kanban: { group_by: 'amount' } }], 'list_views.0.kanban.group_by', 'invalid_metadata'],
    ['a kanban summing text', [{ ...board, kanban: { group_by: 'stage', sum_field: 'note' } }], 'list_views.0.kanban.sum_field', 'invalid_metadata'],
    ['two views with one name', [openDeals, { ...board, api_name: 'my_open_deals' }], 'list_views.1.api_name', 'duplicate_name'],
    ['a bad api name', [{ ...openDeals, api_name: 'My Deals' }], 'list_views.0.api_name', undefined],
    ['no columns', [{ ...openDeals, columns: [] }], undefined, undefined],
  ])('refuses %s, naming the place, and keeps the views as they were', async (_what, views, field, code) => {
    const before = await metadataVersion(t);
    const res = await patchViews(views);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const problem = expectProblem(res, res.statusCode, (JSON.parse(res.body) as { code: string }).code);
    if (field) expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining(code ? { field, code } : { field })]));
    expect(await metadataVersion(t)).toBe(before);
    const kept = (await t.request({ method: 'GET', url: '/api/meta/objects/deal' })).json() as { list_views: Array<{ api_name: string }> };
    expect(kept.list_views.map((v) => v.api_name)).toEqual(['my_open_deals', 'pipeline']);
  });

  it('change without DDL and can be reverted like any metadata change', async () => {
    const res = await patchViews([board]);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { id: string; sql: string[]; after: { list_views: unknown[] } };
    expect(body.after.list_views).toHaveLength(1);
    expect(body.sql).toEqual([]);
    const reverted = await t.request({ method: 'POST', url: `/api/meta/changes/${body.id}/revert` });
    expect(reverted.statusCode).toBe(200);
    const now = (await t.request({ method: 'GET', url: '/api/meta/objects/deal' })).json() as { list_views: Array<{ api_name: string }> };
    expect(now.list_views.map((v) => v.api_name)).toEqual(['my_open_deals', 'pipeline']);
  });
});
