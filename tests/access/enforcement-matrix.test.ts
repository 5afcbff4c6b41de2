import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { apiRoutes, problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { DEAL_FIELDS, ROLES, dealKeys, dealRights, dealRows, ownersFor, seedWorld, setRoles, sortedKeys, tokenOf, type UserKey, type World } from './enforcement-world.ts';

/**
 * The permission matrix: every record route × every role (one per data scope, and the special rights)
 * × users at different places of the tree. For each, the status of every record (allowed, refused,
 * invisible) and, where records come back, exactly which records and which fields.
 */

let t: TestEngine;
let world: World;

const VIEWERS: UserKey[] = ['vp', 'north_lead', 'rep_a1', 'intern', 'support_lead'];

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedWorld(t, { dealsPerUser: 1, binnedFor: ['vp', 'rep_a1', 'rep_n', 'south_rep', 'intern'] });
}, 120_000);
afterAll(() => t.close());

interface Persona {
  viewer: UserKey;
  roles: string[];
  token: string;
  rights: ReturnType<typeof dealRights>;
  keys: string[];
  /** May set owner_id (every role here but one that makes it read-only). */
  ownerEditable: boolean;
  live: Array<{ id: string; owner_id: string | null }>;
  binned: Array<{ id: string; owner_id: string | null }>;
  visible(row: { owner_id: string | null }): boolean;
  editable(row: { owner_id: string | null }): boolean;
}

async function persona(viewer: UserKey, roles: string[]): Promise<Persona> {
  await setRoles(world, viewer, roles);
  const rows = await dealRows(world);
  const rights = dealRights(world, roles);
  const owners = ownersFor(world, world.users[viewer].id, roles);
  const inScope = (row: { owner_id: string | null }) => owners === null || (row.owner_id !== null && owners.has(row.owner_id));
  return {
    viewer,
    roles,
    token: await tokenOf(world, viewer),
    rights,
    keys: dealKeys(world, roles),
    ownerEditable: roles.some((r) => !['read', 'none'].includes(world.roles.get(r)?.field_rights?.deal?.owner_id ?? 'edit')),
    live: rows.filter((r) => r.deleted_at === null),
    binned: rows.filter((r) => r.deleted_at !== null),
    visible: (row) => rights.read && (rights.view_all || inScope(row)),
    editable: (row) => rights.edit && (rights.modify_all || inScope(row)),
  };
}

/** 403 for the object right, then 404 for what the actor cannot see, 403 outside the edit scope, else `ok`. */
function writeStatus(p: Persona, row: { owner_id: string | null }, right: boolean, ok: number): number {
  if (!right) return 403;
  if (!p.visible(row)) return 404;
  if (!p.editable(row)) return 403;
  return ok;
}

type Check = (p: Persona) => Promise<void>;

const send = (p: Persona, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.request({ method: method as 'GET', url, token: p.token, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

/** Sends one request per row and compares every status with the expected one in one assertion. */
async function statuses(rows: Array<{ id: string; owner_id: string | null }>, request: (row: { id: string; owner_id: string | null }) => Promise<LightMyRequestResponse>, expected: (row: { id: string; owner_id: string | null }) => number, after?: (row: { id: string }, res: LightMyRequestResponse) => Promise<void>): Promise<void> {
  const actual: Record<string, number> = {};
  const wanted: Record<string, number> = {};
  await Promise.all(
    rows.map(async (row) => {
      const res = await request(row);
      actual[row.id] = res.statusCode;
      wanted[row.id] = expected(row);
      if (res.statusCode >= 400) expect(problemOf(res).status).toBe(res.statusCode);
      await after?.(row, res);
    }),
  );
  expect(actual).toEqual(wanted);
}

function expectPage(p: Persona, res: LightMyRequestResponse, expectedIds: string[]): void {
  if (!p.rights.read) {
    expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
    return;
  }
  expect(res.statusCode, res.body).toBe(200);
  const page = res.json() as RecordPage;
  expect(page.items.map((r) => r.id).sort()).toEqual([...expectedIds].sort());
  for (const item of page.items) expect(sortedKeys(item)).toEqual(p.keys);
}

/** An export as CSV with API names in the header: exactly the rows and fields the list gives (export routes). */
function expectCsv(p: Persona, res: LightMyRequestResponse, expectedIds: string[]): void {
  if (!p.rights.read) {
    expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
    return;
  }
  expect(res.statusCode, res.body).toBe(200);
  const [header = [], ...rows] = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => line.split(','));
  expect([...header].sort()).toEqual(['id', ...DEAL_FIELDS, 'owner_id', 'created_at', 'updated_at'].filter((k) => p.keys.includes(k)).sort());
  expect(rows.map((r) => r[0]).sort()).toEqual([...expectedIds].sort());
}

const CHECKS: Record<string, Check> = {
  'GET /api/records/:object/export': async (p) => {
    expectCsv(p, await send(p, 'GET', '/api/records/deal/export?header=api&sort=-amount'), p.live.filter(p.visible).map((r) => r.id));
  },
  'POST /api/records/:object/export': async (p) => {
    expectCsv(p, await send(p, 'POST', '/api/records/deal/export', { header: 'api', filter: { '!=': [{ var: 'stage' }, 'closed'] } }), p.live.filter(p.visible).map((r) => r.id));
  },
  'GET /api/records/:object': async (p) => {
    expectPage(p, await send(p, 'GET', '/api/records/deal?limit=500&sort=-amount'), p.live.filter(p.visible).map((r) => r.id));
  },
  'POST /api/records/:object/query': async (p) => {
    const res = await send(p, 'POST', '/api/records/deal/query', { filter: { '!=': [{ var: 'stage' }, 'closed'] }, sort: 'name', limit: 500 });
    expectPage(p, res, p.live.filter(p.visible).map((r) => r.id));
  },
  // The count is of the rows the viewer may read, never of all rows (it must not tell how many are hidden).
  'GET /api/records/:object/count': async (p) => {
    const res = await send(p, 'GET', `/api/records/deal/count?filter=${encodeURIComponent(JSON.stringify({ '!=': [{ var: 'stage' }, 'closed'] }))}`);
    if (!p.rights.read) {
      expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ count: p.live.filter(p.visible).length, exact: true });
  },
  'POST /api/records/:object': async (p) => {
    const res = await send(p, 'POST', '/api/records/deal', { name: `${p.viewer} new`, stage: 'open', amount: 5 });
    if (!p.rights.create) {
      expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
      return;
    }
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as ApiRecord;
    expect(sortedKeys(created)).toEqual(p.keys);
    // Back to the seeded world: the matrix never leaves records behind.
    await t.engine.knex.raw(`delete from ${qualify(t.tenant.schema, 'deal')} where id = ?`, [created.id]);
  },
  'GET /api/records/:object/:id': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'GET', `/api/records/deal/${row.id}`),
      (row) => (!p.rights.read ? 403 : p.visible(row) ? 200 : 404),
      async (_row, res) => {
        if (res.statusCode === 200) expect(sortedKeys(res.json() as ApiRecord)).toEqual(p.keys);
      },
    ),
  // If-Match of a version no record has: an authorised request gets as far as 412, and nothing changes.
  'PATCH /api/records/:object/:id': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'PATCH', `/api/records/deal/${row.id}`, { stage: 'open' }, { 'if-match': '"999"' }),
      (row) => writeStatus(p, row, p.rights.edit, 412),
    ),
  'DELETE /api/records/:object/:id': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'DELETE', `/api/records/deal/${row.id}`, undefined, { 'if-match': '"999"' }),
      (row) => writeStatus(p, row, p.rights.delete, 412),
    ),
  'POST /api/records/:object/:id/restore': (p) =>
    statuses(
      p.binned,
      (row) => send(p, 'POST', `/api/records/deal/${row.id}/restore`),
      (row) => writeStatus(p, row, p.rights.delete, 200),
      async (row, res) => {
        if (res.statusCode === 200) expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${row.id}` })).statusCode).toBe(204);
      },
    ),
  // A transfer to the record's current owner changes nothing but the version; the leaver is deactivated (422).
  'POST /api/records/:object/transfer': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'POST', '/api/records/deal/transfer', { ids: [row.id], owner_id: row.owner_id }),
      (row) => {
        if (p.rights.edit && !p.ownerEditable) return 403;
        const status = writeStatus(p, row, p.rights.edit, 200);
        return status === 200 && row.owner_id === world.users.leaver.id ? 422 : status;
      },
    ),
  'GET /api/records/:object/recycle-bin': async (p) => {
    const res = await send(p, 'GET', '/api/records/deal/recycle-bin?limit=200');
    if (!p.rights.read) {
      expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as RecordPage;
    expect(page.items.map((r) => r.id).sort()).toEqual(p.binned.filter(p.visible).map((r) => r.id).sort());
    for (const item of page.items) expect(sortedKeys(item)).toEqual([...p.keys, 'deleted_at'].sort());
  },
  'GET /api/records/:object/:id/history': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'GET', `/api/records/deal/${row.id}/history`),
      (row) => (!p.rights.read ? 403 : p.visible(row) ? 200 : 404),
    ),
  // Live records are never purged: modify all gets as far as 409, anyone else 403; nothing changes.
  'DELETE /api/records/:object/:id/purge': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'DELETE', `/api/records/deal/${row.id}/purge`),
      () => (p.rights.modify_all ? 409 : 403),
    ),
  // A related list: an account the viewer owns, with deals of several owners pointing at it (removed after).
  'GET /api/records/:object/:id/related/:child': async (p) => {
    const created = await t.request({ method: 'POST', url: '/api/records/account', payload: { name: `${p.viewer} related`, owner_id: world.users[p.viewer].id } });
    expect(created.statusCode, created.body).toBe(201);
    const account = created.json() as ApiRecord;
    const owners = [p.viewer, 'rep_a1', 'vp', 'south_rep'] as const;
    const children: Array<{ id: string; owner_id: string | null }> = [];
    for (const owner of owners) {
      const res = await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: `related ${owner}`, stage: 'open', account: account.id, owner_id: world.users[owner].id } });
      expect(res.statusCode, res.body).toBe(201);
      children.push(res.json() as { id: string; owner_id: string | null });
    }
    try {
      const res = await send(p, 'GET', `/api/records/account/${account.id}/related/deal?limit=500`);
      const accountRead = p.roles.some((r) => world.roles.get(r)?.object_rights.account?.read === true);
      if (!accountRead) {
        expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
        return;
      }
      expectPage(p, res, children.filter(p.visible).map((r) => r.id));
    } finally {
      await t.engine.knex.raw(`delete from ${qualify(t.tenant.schema, 'deal')} where account = ?`, [account.id]);
      await t.engine.knex.raw(`delete from ${qualify(t.tenant.schema, 'account')} where id = ?`, [account.id]);
    }
  },
  'GET /api/records/:object/:id/team': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'GET', `/api/records/deal/${row.id}/team`),
      (row) => (!p.rights.read ? 403 : p.visible(row) ? 200 : 404),
    ),
  'PUT /api/records/:object/:id/team': (p) =>
    statuses(
      p.live,
      (row) => send(p, 'PUT', `/api/records/deal/${row.id}/team`, { members: [] }),
      (row) => writeStatus(p, row, p.rights.edit, 200),
    ),
};

describe('the permission matrix', () => {
  it('has a check for every record route', () => {
    const routes = apiRoutes(t.app)
      .filter((r) => r.url.startsWith('/api/records/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('is seeded with a tree four levels deep, twelve users and deals owned by each', async () => {
    const depths = [...world.departmentParents.keys()].map((id) => {
      let depth = 1;
      for (let p = world.departmentParents.get(id); p; p = world.departmentParents.get(p)) depth += 1;
      return depth;
    });
    expect(Math.max(...depths)).toBe(4);
    expect(world.byId.size).toBeGreaterThanOrEqual(10);
    expect(new Set((await dealRows(world)).map((r) => r.owner_id)).size).toBe(world.byId.size);
  });

  describe.each(ROLES.map((r) => r.api_name))('role %s', (role) => {
    it.each(VIEWERS)('as %s: every route answers as the rights, scope and field rights say', { timeout: 60_000 }, async (viewer) => {
      const p = await persona(viewer, [role]);
      for (const [route, check] of Object.entries(CHECKS)) {
        try {
          await check(p);
        } catch (err) {
          throw new Error(`${route} as ${viewer} with ${role}: ${(err as Error).message}`, { cause: err });
        }
      }
    });
  });

  it('gives an administrator with no role every record, every field and every write', { timeout: 60_000 }, async () => {
    const rows = await dealRows(world);
    const page = (await t.request({ method: 'GET', url: '/api/records/deal?limit=500' })).json() as RecordPage;
    expect(page.items.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.deleted_at === null).map((r) => r.id).sort());
    for (const item of page.items) expect(sortedKeys(item)).toEqual(dealKeys(world, ['scope_all']));
    for (const row of rows.filter((r) => r.deleted_at === null)) {
      expect((await t.request({ method: 'PATCH', url: `/api/records/deal/${row.id}`, payload: { stage: 'open' }, headers: { 'if-match': '"999"' } })).statusCode).toBe(412);
    }
  });
});
