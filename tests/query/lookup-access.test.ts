import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { listUrl, problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/** A filter through a lookup reads another object's records: only what the actor may read there. */

let t: TestEngine;
let world: QueryWorld;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t);
}, 60_000);
afterAll(() => t.close());

const v = (name: string) => ({ var: name });
const ids = (items: ApiRecord[]) => items.map((r) => r.id).sort();
const opp = (keep: (r: ApiRecord) => boolean) => ids(world.opportunities.filter(keep));

async function filtered(filter: unknown, token: string): Promise<string[]> {
  const res = await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { filter, limit: 500 }, token });
  expect(res.statusCode, res.body).toBe(200);
  return ids((res.json() as RecordPage).items);
}

function expectForbiddenPath(res: { statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown }, path: string): void {
  const problem = problemOf(res as never);
  expect([problem.status, problem.code], res.body).toEqual([403, 'forbidden']);
  expect(problem.errors?.map((e) => e.field)).toEqual([path]);
}

describe('lookup paths in filters see only the target rows the actor may read', () => {
  it('an administrator matches through every account', async () => {
    const tech = [world.accounts.acme.id, world.accounts.initech.id];
    expect(await filtered({ '==': [v('customer.industry'), 'Tech'] }, t.token)).toEqual(opp((r) => tech.includes(String(r.customer))));
  });

  it('a rep matches only through the accounts they own (initech is Tech too, but not theirs)', async () => {
    const expected = opp((r) => r.customer === world.accounts.acme.id);
    expect(expected.length).toBeGreaterThan(2);
    expect(await filtered({ '==': [v('customer.industry'), 'Tech'] }, world.rep.token)).toEqual(expected);
    // Two levels deep: customer.country.code is FR for globex (theirs) and initech (not theirs).
    expect(await filtered({ '==': [v('customer.country.code'), 'FR'] }, world.rep.token)).toEqual(opp((r) => r.customer === world.accounts.globex.id));
  });

  it('a target row the rep cannot read is an empty lookup to them, so the filter cannot tell its values', async () => {
    const hidden = [world.accounts.initech.id, world.accounts.hooli.id];
    const asEmpty = opp((r) => r.customer === null || hidden.includes(String(r.customer)));
    expect(await filtered({ '==': [v('customer.industry'), null] }, world.rep.token)).toEqual(asEmpty);
    expect(await filtered({ missing: ['customer.industry'] }, world.rep.token)).toEqual(asEmpty);
    // Their own column is theirs to read: customer.id matches whatever account it points at.
    expect(await filtered({ '==': [v('customer.id'), world.accounts.initech.id] }, world.rep.token)).toEqual(opp((r) => r.customer === world.accounts.initech.id));
  });

  it('refuses (403, naming the path) a field hidden on the target, in GET and POST', async () => {
    const filter = { '==': [v('customer.secret'), 's-acme'] };
    expectForbiddenPath(await t.request({ method: 'GET', url: listUrl('opportunity', { filter }), token: world.rep.token }), 'customer.secret');
    expectForbiddenPath(await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { filter }, token: world.rep.token }), 'customer.secret');
  });

  it('refuses a path computed at run time, which could otherwise reach a hidden field', async () => {
    const filter = { '==': [{ var: { cat: ['customer.', 'secret'] } }, 's-acme'] };
    for (const token of [world.rep.token, t.token]) {
      const problem = problemOf(await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { filter }, token }));
      expect([400, 403]).toContain(problem.status);
    }
  });

  it('refuses (403, naming the path) a target object the actor may not read at all, one or two levels deep', async () => {
    expectForbiddenPath(await t.request({ method: 'GET', url: listUrl('opportunity', { filter: { '==': [v('customer.industry'), 'Tech'] } }), token: world.outsider.token }), 'customer.industry');
    expectForbiddenPath(await t.request({ method: 'GET', url: listUrl('opportunity', { filter: { or: [{ '==': [v('stage'), 'won'] }, { '==': [v('partner.country.code'), 'FR'] }] } }), token: world.outsider.token }), 'partner.country.code');
    // Without following the lookup, the outsider may filter on it.
    expect(await filtered({ '==': [v('customer.id'), world.accounts.acme.id] }, world.outsider.token)).toEqual(opp((r) => r.customer === world.accounts.acme.id));
  });

  it('refuses a lookup field the actor may not read here before looking further', async () => {
    const roles = (await t.request({ method: 'GET', url: '/api/admin/roles' })).json() as { items: Array<{ id: string; api_name: string }> };
    const rep = roles.items.find((r) => r.api_name === 'rep');
    const patch = (fieldRights: Record<string, Record<string, string>>) => t.request({ method: 'PATCH', url: `/api/admin/roles/${rep?.id}`, payload: { field_rights: fieldRights } });
    expect((await patch({ account: { secret: 'none' }, opportunity: { partner: 'none' } })).statusCode).toBe(200);
    try {
      expectForbiddenPath(await t.request({ method: 'GET', url: listUrl('opportunity', { filter: { '==': [v('partner.industry'), 'Tech'] } }), token: world.rep.token }), 'partner');
    } finally {
      expect((await patch({ account: { secret: 'none' } })).statusCode).toBe(200);
    }
    expect(await filtered({ '==': [v('partner.industry'), 'Energy'] }, world.rep.token)).toEqual(opp((r) => r.partner === world.accounts.globex.id));
  });
});
