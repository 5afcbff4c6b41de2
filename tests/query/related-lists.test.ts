import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/** Related lists: the records that point at a record through a lookup. */

let t: TestEngine;
let world: QueryWorld;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 20 });
}, 60_000);
afterAll(() => t.close());

const ids = (items: ApiRecord[]) => items.map((r) => r.id).sort();
const related = (object: string, id: string, child: string, query = '', token?: string) => t.request({ method: 'GET', url: `/api/records/${object}/${id}/related/${child}${query ? `?${query}` : ''}`, token });

async function page(object: string, id: string, child: string, query = '', token?: string): Promise<RecordPage & { next_offset?: number | null }> {
  const res = await related(object, id, child, query, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RecordPage;
}

describe('GET /api/records/:object/:id/related/:child', () => {
  it('lists the children that point at the record through the lookup named by via', async () => {
    const acme = world.accounts.acme.id;
    expect(ids((await page('account', acme, 'opportunity', 'via=customer&limit=500')).items)).toEqual(ids(world.opportunities.filter((o) => o.customer === acme)));
    expect(ids((await page('account', acme, 'opportunity', 'via=partner&limit=500')).items)).toEqual(ids(world.opportunities.filter((o) => o.partner === acme)));
  });

  it('needs no via when the child has one lookup to the object', async () => {
    const first = world.opportunities[0] as ApiRecord;
    expect(ids((await page('opportunity', first.id, 'task')).items)).toEqual(ids(world.tasks.filter((task) => task.about === first.id)));
  });

  it('takes every list parameter: filter, sort, limit with cursor or offset, fields, expand', async () => {
    const globex = world.accounts.globex.id;
    const mine = world.opportunities.filter((o) => o.customer === globex && o.amount !== null).sort((a, b) => Number(b.amount) - Number(a.amount));
    expect(mine.length).toBeGreaterThan(2);
    const filter = encodeURIComponent(JSON.stringify({ '!=': [{ var: 'amount' }, null] }));
    const first = await page('account', globex, 'opportunity', `via=customer&filter=${filter}&sort=-amount&limit=2&fields=amount&expand=customer`);
    expect(first.items.map((r) => r.id)).toEqual(mine.slice(0, 2).map((r) => r.id));
    expect(Object.keys(first.items[0] as object).sort()).toEqual(['amount', 'customer', 'id', 'version']);
    expect((first.items[0]?.customer as { name: string }).name).toBe('Globex');
    const second = await page('account', globex, 'opportunity', `via=customer&filter=${filter}&sort=-amount&limit=2&cursor=${first.next_cursor}`);
    expect(second.items.map((r) => r.id)).toEqual(mine.slice(2, 4).map((r) => r.id));
    const byOffset = await page('account', globex, 'opportunity', `via=customer&filter=${filter}&sort=-amount&limit=2&offset=2`);
    expect(byOffset.items.map((r) => r.id)).toEqual(mine.slice(2, 4).map((r) => r.id));
  });

  it('answers 404 for a parent the actor cannot see, as for one that does not exist', async () => {
    const initech = world.accounts.initech.id;
    expect(problemOf(await related('account', initech, 'opportunity', 'via=customer', world.rep.token)).code).toBe('record_not_found');
    expect(problemOf(await related('account', '01a20000-0000-7000-8000-000000000000', 'opportunity', 'via=customer')).code).toBe('record_not_found');
    expect(problemOf(await related('account', 'not-an-id', 'opportunity', 'via=customer')).code).toBe('record_not_found');
    // The rep sees their own account's related list.
    const acme = world.accounts.acme.id;
    expect(ids((await page('account', acme, 'opportunity', 'via=customer&limit=500', world.rep.token)).items)).toEqual(ids(world.opportunities.filter((o) => o.customer === acme)));
  });

  it('applies the child’s access: its data scope and field mask', async () => {
    const fr = world.countries.fr.id;
    expect(ids((await page('country', fr, 'account')).items)).toEqual(ids([world.accounts.globex, world.accounts.initech]));
    const asRep = (await page('country', fr, 'account', '', world.rep.token)).items;
    expect(ids(asRep)).toEqual([world.accounts.globex.id]);
    expect(asRep[0]).not.toHaveProperty('secret');
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'secret' }, 's-globex'] }));
    expect(problemOf(await related('country', fr, 'account', `filter=${filter}`, world.rep.token)).status).toBe(403);
  });

  it('answers 403 to an actor who may not read the object at all', async () => {
    const res = await related('account', world.accounts.acme.id, 'opportunity', 'via=customer', world.outsider.token);
    expect([problemOf(res).status, problemOf(res).code]).toEqual([403, 'forbidden']);
  });

  it.each([
    ['several lookups and no via', 'account', 'opportunity', ''],
    ['a via that is not a lookup to the object', 'account', 'opportunity', 'via=amount'],
    ['a via that does not exist', 'account', 'opportunity', 'via=nope'],
    ['a child with no lookup to the object', 'country', 'task', ''],
  ])('refuses %s with 400 naming via', async (_what, object, child, query) => {
    const parent = object === 'account' ? world.accounts.acme.id : world.countries.cn.id;
    const problem = problemOf(await related(object, parent, child, query));
    expect([problem.status, problem.code, problem.errors?.[0]?.field]).toEqual([400, 'invalid_parameter', 'via']);
  });

  it('answers 404 for an unknown child object', async () => {
    expect(problemOf(await related('account', world.accounts.acme.id, 'nothing_here')).code).toBe('object_not_found');
  });
});

describe('GET /api/meta/objects/:object lists its related lists', () => {
  it('names each child object and lookup pointing at the object, labelled', async () => {
    const res = await t.request({ method: 'GET', url: '/api/meta/objects/account' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { api_name: string; related: Array<{ object: string; field: string; label: Record<string, string> }> };
    expect(body.api_name).toBe('account');
    expect(body.related.map((r) => `${r.object}.${r.field}`).sort()).toEqual(['opportunity.customer', 'opportunity.partner']);
    const country = (await t.request({ method: 'GET', url: '/api/meta/objects/country' })).json() as typeof body;
    expect(country.related).toEqual([{ object: 'account', field: 'country', label: { en: 'Accounts', 'zh-CN': 'Accounts' } }]);
    expect(body.related.find((r) => r.field === 'customer')?.label.en).toMatch(/^Opportunities \(/);
    const opportunity = (await t.request({ method: 'GET', url: '/api/meta/objects/opportunity' })).json() as typeof body;
    expect(opportunity.related).toEqual([{ object: 'task', field: 'about', label: { en: 'Tasks', 'zh-CN': 'Tasks' } }]);
    const task = (await t.request({ method: 'GET', url: '/api/meta/objects/task' })).json() as typeof body;
    expect(task.related).toEqual([]);
  });
});
