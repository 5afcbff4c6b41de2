import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf, type RecordPage } from '../support/record-helpers.ts';
import { USERS, dealRights, dealRows, ownersFor, seedWorld, setRoles, tokenOf, type UserKey, type World } from './enforcement-world.ts';

/**
 * Property: for a random user holding a random set of roles and sitting on random record teams, the
 * list they get (followed page by page) is exactly the set the scope rules define — computed here in
 * plain JavaScript over the seeded data — and a write to a random record is allowed exactly when the
 * same rules put it inside their edit scope.
 */

let t: TestEngine;
let world: World;

const ROLE_POOL = [
  'scope_self',
  'scope_self_and_subordinates',
  'scope_department',
  'scope_department_and_subdepartments',
  'scope_all',
  'default_tree',
  'reader_tree',
  'viewer_all',
  'creator_self',
  'nothing',
];
const VIEWERS = USERS.map(([key]) => key).filter((key) => key !== 'leaver') as UserKey[];

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedWorld(t, { dealsPerUser: 3, binnedFor: ['rep_a1', 'south_rep'] });
}, 120_000);
afterAll(() => t.close());

interface TeamPick {
  deal: number;
  access: 'read' | 'edit';
  expired: boolean;
}

const teamPick = fc.record({ deal: fc.nat(), access: fc.constantFrom<'read' | 'edit'>('read', 'edit'), expired: fc.boolean() });

async function listAll(token: string, pageSize: number): Promise<{ status: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const query = new URLSearchParams({ limit: String(pageSize), sort: '-amount' });
    if (cursor) query.set('cursor', cursor);
    const res = await t.request({ method: 'GET', url: `/api/records/deal?${query.toString()}`, token });
    if (res.statusCode !== 200) return { status: res.statusCode, ids };
    const body = res.json() as RecordPage;
    ids.push(...body.items.map((i) => i.id));
    if (!body.next_cursor) return { status: 200, ids };
    cursor = body.next_cursor;
  }
  throw new Error('too many pages');
}

describe('a random user’s records are exactly those the scope rules define', () => {
  it('for lists (every page) and for writes', { timeout: 240_000 }, async () => {
    const live = (await dealRows(world)).filter((r) => r.deleted_at === null);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VIEWERS),
        fc.subarray(ROLE_POOL),
        fc.uniqueArray(teamPick, { maxLength: 3, selector: (p) => p.deal % live.length }),
        fc.nat(),
        fc.integer({ min: 1, max: 12 }),
        async (viewer, roles, team, target, pageSize) => {
          const user = world.users[viewer];
          await setRoles(world, viewer, roles);
          const teams = team.map((p: TeamPick) => ({ ...p, id: live[p.deal % live.length]?.id as string }));
          for (const member of teams) {
            const res = await t.request({ method: 'PUT', url: `/api/records/deal/${member.id}/team`, payload: { members: [{ user_id: user.id, access: member.access }] } });
            expect(res.statusCode, res.body).toBe(200);
          }
          const expired = teams.filter((m) => m.expired).map((m) => m.id);
          if (expired.length) await t.engine.knex.raw(`update ${qualify(t.tenant.schema, '_record_teams')} set expires_at = now() - interval '1 minute' where record_id = any(?::uuid[])`, [expired]);
          try {
            // The rules, independently: rights closed over the roles, owners by scope, unexpired team memberships.
            const rights = dealRights(world, roles);
            const owners = ownersFor(world, user.id, roles);
            const inScope = (row: { owner_id: string | null }) => owners === null || (row.owner_id !== null && owners.has(row.owner_id));
            const onTeam = (id: string, edit: boolean) => teams.some((m) => m.id === id && !m.expired && (!edit || m.access === 'edit'));
            const visible = (row: { id: string; owner_id: string | null }) => rights.read && (rights.view_all || inScope(row) || onTeam(row.id, false));
            const editable = (row: { id: string; owner_id: string | null }) => rights.edit && (rights.modify_all || inScope(row) || onTeam(row.id, true));

            const token = await tokenOf(world, viewer);
            const listed = await listAll(token, pageSize);
            if (!rights.read) {
              expect(listed.status).toBe(403);
            } else {
              expect(listed.status).toBe(200);
              expect(listed.ids.length).toBe(new Set(listed.ids).size);
              expect([...listed.ids].sort()).toEqual(live.filter(visible).map((r) => r.id).sort());
            }

            const row = live[target % live.length] as (typeof live)[number];
            const res = await t.request({ method: 'PATCH', url: `/api/records/deal/${row.id}`, payload: { stage: 'open' }, headers: { 'if-match': '"999"' }, token });
            const expected = !rights.edit ? 403 : !visible(row) ? 404 : !editable(row) ? 403 : 412;
            expect(problemOf(res).status, `${viewer} ${roles.join('+')} → ${row.name}`).toBe(expected);
          } finally {
            await t.engine.knex.raw(`delete from ${qualify(t.tenant.schema, '_record_teams')}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
