import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import { qualify } from '../../engine/src/db/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, expectProblem, expectStatus, loginNonAdmin } from '../support/meta-helpers.ts';

/**
 * GET / PUT /api/meta/diagram: where admins placed the ER diagram's boxes, per tenant, admins only, checked
 * (known objects, finite coordinates within ±1e6, at most 1000), and not a metadata change (nothing to undo).
 */
let t: TestEngine;
let tokenB: string;

const positionsOf = async (token?: string) => ((await expectStatus(t, 200, { method: 'GET', url: '/api/meta/diagram', ...(token ? { token } : {}) })).json() as { positions: Record<string, { x: number; y: number }> }).positions;
const put = (payload: unknown, extra: Partial<InjectOptions> & { token?: string } = {}) => t.request({ method: 'PUT', url: '/api/meta/diagram', payload: payload as InjectOptions['payload'], ...extra });

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'customer', label: { en: 'Customer' } });
  await createObject(t, { api_name: 'deal', label: { en: 'Deal' } });
  const knex = testKnex();
  const tenantB = await freshTenant(knex);
  await createUser(knex, tenantB.schema, { email: t.adminEmail, password: 'tenant-b-password-9', isAdmin: true, name: 'Admin B' });
  await knex.destroy();
  const login = await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: t.adminEmail, password: 'tenant-b-password-9', tenant: tenantB.slug }, token: null });
  expect(login.statusCode, login.body).toBe(200);
  tokenB = (login.json() as { token: string }).token;
  expect((await t.request({ method: 'POST', url: '/api/meta/objects', token: tokenB, payload: { api_name: 'deal', label: { en: 'Deal' } } })).statusCode).toBe(201);
}, 60_000);

afterAll(() => t?.close());

describe('ER diagram positions', () => {
  it('are empty at first, then saved and read back, replacing the previous ones', async () => {
    expect(await positionsOf()).toEqual({});
    const saved = (await expectStatus(t, 200, { method: 'PUT', url: '/api/meta/diagram', payload: { positions: { customer: { x: 120.5, y: -40 }, deal: { x: 0, y: 300 } } } })).json();
    expect(saved).toEqual({ positions: { customer: { x: 120.5, y: -40 }, deal: { x: 0, y: 300 } } });
    expect(await positionsOf()).toEqual({ customer: { x: 120.5, y: -40 }, deal: { x: 0, y: 300 } });
    await expectStatus(t, 200, { method: 'PUT', url: '/api/meta/diagram', payload: { positions: { deal: { x: -1e6, y: 1e6 } } } });
    expect(await positionsOf()).toEqual({ deal: { x: -1e6, y: 1e6 } });
    const rows = (await t.engine.knex.raw<{ rows: Array<{ diagram: string; object: string; updated_by: string }> }>(`select diagram, object, updated_by from ${qualify(t.tenant.schema, '_designer_layout')}`)).rows;
    expect(rows).toEqual([{ diagram: 'er', object: 'deal', updated_by: expect.any(String) }]);
  });

  it('is no metadata change: the version and the change history stay as they were', async () => {
    const before = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects' })).json() as { version: number };
    const changes = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes' })).json() as { items: unknown[] };
    await expectStatus(t, 200, { method: 'PUT', url: '/api/meta/diagram', payload: { positions: { customer: { x: 1, y: 2 } } } });
    expect(((await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects' })).json() as { version: number }).version).toBe(before.version);
    expect(((await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes' })).json() as { items: unknown[] }).items).toHaveLength(changes.items.length);
  });

  it.each([
    ['an unknown object', { positions: { nope: { x: 1, y: 1 } } }, 'positions.nope'],
    ['a coordinate as text', { positions: { deal: { x: '1', y: 1 } } }, 'positions.deal.x'],
    ['a missing coordinate', { positions: { deal: { x: 1 } } }, 'positions.deal.y'],
    ['a coordinate beyond 1e6', { positions: { deal: { x: 1, y: 1_000_001 } } }, 'positions.deal.y'],
    ['a coordinate below -1e6', { positions: { deal: { x: -2e6, y: 0 } } }, 'positions.deal.x'],
    ['an extra property of a position', { positions: { deal: { x: 1, y: 1, z: 3 } } }, 'positions.deal.z'],
    ['a position that is not an object', { positions: { deal: [1, 2] } }, 'positions.deal'],
    ['positions that are a list', { positions: [{ x: 1, y: 1 }] }, 'positions'],
    ['no positions', {}, 'positions'],
    ['another property', { positions: {}, zoom: 2 }, 'zoom'],
    ['more than 1000 entries', { positions: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`o${i}`, { x: 0, y: 0 }])) }, 'positions'],
  ])('refuses %s with 422 naming the place, and keeps the saved positions', async (_, body, field) => {
    const before = await positionsOf();
    const problem = expectProblem(await put(body), 422, 'invalid_metadata');
    expect((problem.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    expect(await positionsOf()).toEqual(before);
  });

  it('refuses numbers JSON cannot hold and a body that is not an object', async () => {
    expectProblem(await put('{"positions": {"deal": {"x": 1e400, "y": 0}}}', { headers: { 'content-type': 'application/json' } }), 422, 'invalid_metadata');
    expectProblem(await put('[1, 2]', { headers: { 'content-type': 'application/json' } }), 422, 'invalid_metadata');
  });

  it('is for admins only: a non-admin gets 403 reading or saving, and saves nothing', async () => {
    const before = await positionsOf();
    const rep = await loginNonAdmin(t);
    expectProblem(await t.request({ method: 'GET', url: '/api/meta/diagram', token: rep.token }), 403, 'forbidden');
    expectProblem(await put({ positions: { deal: { x: 5, y: 5 } } }, { token: rep.token }), 403, 'forbidden');
    // Refused before the body is looked at: a bad body from a non-admin is 403 too, never a verdict on it.
    expectProblem(await put({ positions: { nope: 1 } }, { token: rep.token }), 403, 'forbidden');
    expectProblem(await t.request({ method: 'GET', url: '/api/meta/diagram', token: null }), 401, 'unauthorized');
    expect(await positionsOf()).toEqual(before);
  });

  it('keeps tenants apart: another tenant\'s admin sees and saves only their own positions', async () => {
    expect(await positionsOf(tokenB)).toEqual({});
    // "customer" exists only in the first tenant.
    expectProblem(await put({ positions: { customer: { x: 1, y: 1 } } }, { token: tokenB }), 422, 'invalid_metadata');
    await expectStatus(t, 200, { method: 'PUT', url: '/api/meta/diagram', token: tokenB, payload: { positions: { deal: { x: 777, y: 888 } } } });
    expect(await positionsOf(tokenB)).toEqual({ deal: { x: 777, y: 888 } });
    expect(await positionsOf()).toEqual({ customer: { x: 1, y: 2 } });
  });
});
