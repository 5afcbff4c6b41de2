import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/** Offset paging for UIs (page 3 of 7), beside the keyset cursor. */

let t: TestEngine;
let world: QueryWorld;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 23 });
}, 60_000);
afterAll(() => t.close());

interface OffsetPage {
  items: ApiRecord[];
  next_cursor: string | null;
  next_offset?: number | null;
}

async function get(query: string, token?: string): Promise<OffsetPage> {
  const res = await t.request({ method: 'GET', url: `/api/records/opportunity?${query}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as OffsetPage;
}

describe('offset paging', () => {
  it('walks the same order as one big page, and says where the next page starts', async () => {
    const whole = (await get('sort=-amount,name&limit=500')).items.map((r) => r.id);
    expect(whole).toHaveLength(world.opportunities.length);
    const seen: string[] = [];
    let offset: number | null | undefined = 0;
    const offsets: number[] = [];
    while (offset !== null && offset !== undefined) {
      offsets.push(offset);
      const page = await get(`sort=-amount,name&limit=5&offset=${offset}`);
      seen.push(...page.items.map((r) => r.id));
      offset = page.next_offset;
    }
    expect(offsets).toEqual([0, 5, 10, 15, 20]);
    expect(seen).toEqual(whole);
  });

  it('works in POST query with a filter, and page 2 holds exactly rows 4 to 7', async () => {
    const filter = { '!=': [{ var: 'stage' }, null] };
    const all = await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { filter, sort: 'name', limit: 500 } });
    const expected = (all.json() as OffsetPage).items.slice(4, 8).map((r) => r.id);
    const res = await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { filter, sort: 'name', limit: 4, offset: 4 } });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as OffsetPage;
    expect(page.items.map((r) => r.id)).toEqual(expected);
    expect(page.next_offset).toBe(8);
  });

  it('answers an empty page past the end with next_offset null, and no next_offset without offset paging', async () => {
    const past = await get('offset=1000&limit=10');
    expect(past).toEqual({ items: [], next_cursor: null, next_offset: null });
    expect(await get('limit=10')).not.toHaveProperty('next_offset');
  });

  it('applies access: a page counts only rows the actor may read', async () => {
    const res = await t.request({ method: 'GET', url: '/api/records/account?limit=1&offset=1', token: world.rep.token });
    const page = res.json() as OffsetPage;
    expect(page.items).toHaveLength(1);
    // The rep reads two accounts: after the second there is nothing.
    expect(page.next_offset).toBeNull();
    expect([world.accounts.acme.id, world.accounts.globex.id]).toContain(page.items[0]?.id);
  });

  it.each([
    ['a negative offset', 'offset=-1'],
    ['a fractional offset', 'offset=1.5'],
    ['a word', 'offset=ten'],
    ['an offset past 10,000', 'offset=10001'],
    ['offset with a cursor', 'offset=5&cursor=abc'],
  ])('refuses %s with 400 invalid_parameter', async (_what, query) => {
    const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/opportunity?${query}` }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
    expect(problem.errors?.map((e) => e.field)).toEqual(['offset']);
  });

  it('allows offset 10,000 exactly', async () => {
    expect((await get('offset=10000')).items).toEqual([]);
  });
});
