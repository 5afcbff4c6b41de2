import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/** expand=customer,customer.country: lookups become the records they point at, as far as the actor may see. */

let t: TestEngine;
let world: QueryWorld;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 20 });
}, 60_000);
afterAll(() => t.close());

type Expanded = Record<string, unknown> & { id: string };

async function list(query: string, token?: string): Promise<RecordPage> {
  const res = await t.request({ method: 'GET', url: `/api/records/opportunity?limit=500&${query}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RecordPage;
}

const accountById = () => new Map(Object.values(world.accounts).map((a) => [a.id, a]));
const countryById = () => new Map(Object.values(world.countries).map((c) => [c.id, c]));

describe('expand one level', () => {
  it('replaces each lookup id with the whole record it points at (nulls stay null)', async () => {
    const page = await list('expand=customer');
    const accounts = accountById();
    expect(page.items).toHaveLength(world.opportunities.length);
    for (const item of page.items) {
      const original = world.opportunities.find((o) => o.id === item.id) as ApiRecord;
      if (original.customer === null) {
        expect(item.customer).toBeNull();
        continue;
      }
      const account = accounts.get(String(original.customer)) as ApiRecord;
      expect(item.customer).toEqual(account);
      // partner was not asked for: still an id.
      expect(item.partner).toBe(original.partner);
    }
  });

  it('expands users to {id, name, email}: owner_id, created_by and user fields', async () => {
    const page = await list('expand=owner_id,created_by');
    const admin = { id: world.admin.id, name: 'Admin', email: t.adminEmail };
    for (const item of page.items) {
      expect(item.owner_id).toEqual(admin);
      expect(item.created_by).toEqual(admin);
    }
    const accounts = (await t.request({ method: 'GET', url: '/api/records/account?expand=manager' })).json() as RecordPage;
    const acme = accounts.items.find((a) => a.id === world.accounts.acme.id) as Expanded;
    expect(acme.manager).toEqual({ id: world.rep.id, name: 'Rita Rep', email: `rep@${t.tenant.slug}.test` });
    expect(accounts.items.find((a) => a.id === world.accounts.hooli.id)?.manager).toBeNull();
  });

  it('works in POST query (as a list) and with fields, adding the expanded field', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { fields: ['name'], expand: ['customer'], limit: 500 } });
    expect(res.statusCode, res.body).toBe(200);
    const item = (res.json() as RecordPage).items.find((i) => i.customer !== null) as Expanded;
    expect(Object.keys(item).sort()).toEqual(['customer', 'id', 'name', 'version']);
    expect((item.customer as Expanded).name).toEqual(expect.any(String));
  });
});

describe('expand two levels', () => {
  it('customer,customer.country nests the country inside the customer', async () => {
    const page = await list('expand=customer,customer.country,customer.owner_id');
    const accounts = accountById();
    const countries = countryById();
    let nested = 0;
    for (const item of page.items) {
      const customer = item.customer as Expanded | null;
      if (!customer) continue;
      const account = accounts.get(customer.id) as ApiRecord;
      expect(customer.country).toEqual(account.country === null ? null : countries.get(String(account.country)));
      expect(customer.owner_id).toMatchObject({ id: account.owner_id });
      if (customer.country) nested += 1;
    }
    expect(nested).toBeGreaterThan(3);
  });

  it('customer.country alone implies customer', async () => {
    const page = await list('expand=customer.country');
    const item = page.items.find((i) => (i.customer as Expanded | null)?.id === world.accounts.acme.id) as Expanded;
    expect((item.customer as Expanded).country).toEqual(world.countries.cn);
  });
});

describe('expand on one record', () => {
  it('GET /api/records/:object/:id?expand= expands like a list', async () => {
    const opp = world.opportunities.find((o) => o.customer === world.accounts.acme.id) as ApiRecord;
    const res = await t.request({ method: 'GET', url: `/api/records/opportunity/${opp.id}?expand=customer.country,owner_id&fields=name` });
    expect(res.statusCode, res.body).toBe(200);
    const record = res.json() as Expanded;
    expect((record.customer as Expanded).country).toEqual(world.countries.cn);
    expect((record.owner_id as Expanded).id).toBe(world.admin.id);
    expect(record.name).toBe(opp.name);
    const asRep = (await t.request({ method: 'GET', url: `/api/records/opportunity/${world.opportunities.find((o) => o.customer === world.accounts.initech.id)?.id}?expand=customer`, token: world.rep.token })).json() as Expanded;
    expect(asRep.customer).toEqual({ id: world.accounts.initech.id });
    expect(problemOf(await t.request({ method: 'GET', url: `/api/records/opportunity/${opp.id}?expand=amount` })).status).toBe(400);
  });
});

describe('expand applies the actor’s access on the target', () => {
  it('shows a rep their own accounts without hidden fields, and other accounts as {id} only', async () => {
    const page = await list('expand=customer,customer.country', world.rep.token);
    const own = new Set([world.accounts.acme.id, world.accounts.globex.id]);
    let seenOwn = 0;
    let seenOther = 0;
    for (const item of page.items) {
      const customer = item.customer as Expanded | null;
      if (!customer) continue;
      if (own.has(customer.id)) {
        seenOwn += 1;
        expect(customer).not.toHaveProperty('secret');
        expect(customer.name).toEqual(expect.any(String));
        expect((customer.country as Expanded).code).toMatch(/^(CN|FR)$/);
      } else {
        seenOther += 1;
        expect(customer).toEqual({ id: expect.any(String) as unknown });
      }
    }
    expect([seenOwn > 0, seenOther > 0]).toEqual([true, true]);
    expect(JSON.stringify(page)).not.toContain('s-acme');
    expect(JSON.stringify(page)).not.toContain('Initech');
  });

  it('refuses (403) an object the actor may not read, and a hidden field to expand through', async () => {
    const outsider = problemOf(await t.request({ method: 'GET', url: '/api/records/opportunity?expand=customer', token: world.outsider.token }));
    expect([outsider.status, outsider.code, outsider.errors?.[0]?.field]).toEqual([403, 'forbidden', 'expand.customer']);
  });
});

describe('bad expand paths are 400', () => {
  it.each([
    ['an unknown field', 'nope'],
    ['a field that is no lookup', 'amount'],
    ['an unknown field on the target', 'customer.nope'],
    ['three levels', 'customer.country.owner_id'],
    ['a path into a user', 'owner_id.name'],
    ['an empty segment', 'customer..country'],
  ])('%s', async (_what, expand) => {
    const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/opportunity?expand=${encodeURIComponent(expand)}` }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
    expect(problem.errors?.[0]?.field).toMatch(/^expand/);
  });

  it('too many paths', async () => {
    const many = Array.from({ length: 11 }, () => 'customer').join(',');
    expect(problemOf(await t.request({ method: 'GET', url: `/api/records/opportunity?expand=${many}` })).status).toBe(400);
  });
});

describe('expand costs a few statements per page, not one per row', () => {
  it('runs one statement per expanded path whatever the page size', async () => {
    // The engine sends statements on connections it borrows from knex's pool: record what they are sent.
    type Connection = { query(...args: unknown[]): unknown };
    const pool = t.engine.knex.client as unknown as { acquireConnection(): Promise<Connection> };
    const acquire = pool.acquireConnection;
    const texts: string[] = [];
    const patched: Connection[] = [];
    pool.acquireConnection = async function (this: unknown) {
      const connection = await acquire.call(pool);
      if (!patched.includes(connection)) {
        const send = connection.query;
        connection.query = function (this: unknown, ...args: unknown[]) {
          const first = args[0];
          texts.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''));
          return send.apply(connection, args);
        };
        patched.push(connection);
      }
      return connection;
    };
    try {
      await list('expand=customer,partner,customer.country,owner_id');
    } finally {
      pool.acquireConnection = acquire;
      for (const connection of patched) delete (connection as Partial<Connection>).query;
    }
    const fetches = texts.filter((sql) => /= any\(\$\d+::uuid\[\]\)/.test(sql));
    expect(fetches).toHaveLength(4);
    // The list statement and four fetches for twenty rows, not a statement per row.
    expect(texts.length).toBeLessThanOrEqual(6);
  });
});
