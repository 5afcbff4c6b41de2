import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { listAllPages, listPage, problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/** sort=customer.name: ordering by a field of the looked-up record, paged by cursor or offset, within access. */

let t: TestEngine;
let world: QueryWorld;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 25 });
}, 60_000);
afterAll(() => t.close());

type Key = string | null;
/** PostgreSQL's order: ascending puts nulls last, descending first; ties by id. */
function expectedOrder(key: (o: ApiRecord) => Key, desc: boolean): string[] {
  return [...world.opportunities]
    .sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x !== y) {
        if (x === null) return desc ? -1 : 1;
        if (y === null) return desc ? 1 : -1;
        return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return a.id < b.id ? -1 : 1;
    })
    .map((o) => o.id);
}

const accounts = () => Object.values(world.accounts);
const customerName = (o: ApiRecord): Key => (accounts().find((a) => a.id === o.customer)?.name as string | undefined) ?? null;
const countryCode = (o: ApiRecord): Key => {
  const account = accounts().find((a) => a.id === o.customer);
  const country = Object.values(world.countries).find((c) => c.id === account?.country);
  return (country?.code as string | undefined) ?? null;
};

describe('sort by a lookup path', () => {
  it('orders by customer.name both ways, and pages through it by cursor and by offset', async () => {
    for (const desc of [false, true]) {
      const sort = `${desc ? '-' : ''}customer.name`;
      const expected = expectedOrder(customerName, desc);
      expect((await listPage(t, 'opportunity', { sort, limit: 500 })).items.map((r) => r.id)).toEqual(expected);
      expect((await listAllPages(t, 'opportunity', { sort, limit: 4 })).map((r) => r.id)).toEqual(expected);
      const byOffset = (await t.request({ method: 'GET', url: `/api/records/opportunity?sort=${sort}&limit=4&offset=8` })).json() as { items: ApiRecord[] };
      expect(byOffset.items.map((r) => r.id)).toEqual(expected.slice(8, 12));
    }
  });

  it('orders two levels deep with a second key (customer.country.code, -amount)', async () => {
    const all = (await listAllPages(t, 'opportunity', { sort: 'customer.country.code,-amount', limit: 3 })).map((r) => r.id);
    const byId = new Map(world.opportunities.map((o) => [o.id, o]));
    const keys = all.map((id) => countryCode(byId.get(id) as ApiRecord));
    const nonNull = keys.filter((k) => k !== null);
    expect(nonNull).toEqual([...nonNull].sort());
    expect(keys.slice(nonNull.length).every((k) => k === null)).toBe(true);
    expect(new Set(all).size).toBe(world.opportunities.length);
  });

  it('sorts rows the actor may not read there as empty lookups', async () => {
    const own = new Set([world.accounts.acme.id, world.accounts.globex.id]);
    const repName = (o: ApiRecord): Key => (own.has(String(o.customer)) ? customerName(o) : null);
    const page = await listPage(t, 'opportunity', { sort: 'customer.name', limit: 500 }, world.rep.token);
    expect(page.items.map((r) => r.id)).toEqual(expectedOrder(repName, false));
  });

  it('refuses a hidden field or object on the path (403) and a path that is not a lookup path (400)', async () => {
    const hidden = problemOf(await t.request({ method: 'GET', url: '/api/records/opportunity?sort=customer.secret', token: world.rep.token }));
    expect([hidden.status, hidden.errors?.[0]?.field]).toEqual([403, 'customer.secret']);
    const outsider = problemOf(await t.request({ method: 'GET', url: '/api/records/opportunity?sort=customer.name', token: world.outsider.token }));
    expect([outsider.status, outsider.errors?.[0]?.field]).toEqual([403, 'customer.name']);
    for (const sort of ['customer.nope', 'amount.x', 'customer.country.code.x', 'notes.length', 'owner_id.name', 'customer..name', '.name']) {
      const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/opportunity?sort=${sort}` }));
      expect([problem.status, problem.code], sort).toEqual([400, 'invalid_sort']);
    }
  });
});
