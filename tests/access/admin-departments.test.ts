import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus } from './helpers.ts';

interface Department {
  id: string;
  name: string;
  parent_id: string | null;
  user_count: number;
  child_count: number;
}

let t: TestEngine;
const create = async (name: string, parent?: Department): Promise<Department> =>
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name, ...(parent ? { parent_id: parent.id } : {}) } }), 201).json() as Department;
const get = async (d: Department): Promise<Department> => expectStatus(await t.request({ method: 'GET', url: `/api/admin/departments/${d.id}` }), 200).json() as Department;
const tree = async () => (expectStatus(await t.request({ method: 'GET', url: '/api/admin/departments' }), 200).json() as { items: Department[] }).items;

// Company ─ Sales ─ East ─ Shanghai
//         └ Service
let company: Department;
let sales: Department;
let east: Department;
let shanghai: Department;
let service: Department;

beforeAll(async () => {
  t = await startTestEngine();
  company = await create('Company');
  sales = await create('Sales', company);
  east = await create('East', sales);
  shanghai = await create('Shanghai', east);
  service = await create('Service', company);
});
afterAll(() => t.close());

describe('the department tree', () => {
  it('lists every department with its parent and counts', async () => {
    const items = await tree();
    expect(items.map((d) => [d.name, d.parent_id])).toEqual([
      ['Company', null],
      ['East', sales.id],
      ['Sales', company.id],
      ['Service', company.id],
      ['Shanghai', east.id],
    ]);
    expect(items.find((d) => d.id === company.id)).toMatchObject({ child_count: 2, user_count: 0 });
  });

  it('moves a department with its sub-departments', async () => {
    const moved = expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/departments/${east.id}`, payload: { parent_id: service.id } }), 200).json() as Department;
    expect(moved).toMatchObject({ id: east.id, parent_id: service.id, name: 'East' });
    expect(await get(shanghai)).toMatchObject({ parent_id: east.id });
    const [entry] = (await auditOf(t, ['department_updated'])).filter((e) => e.target_id === east.id);
    expect(entry).toMatchObject({ before: { parent_id: sales.id }, after: { parent_id: service.id } });
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/departments/${east.id}`, payload: { parent_id: sales.id, name: 'East China' } }), 200);
    expect(await get(east)).toMatchObject({ parent_id: sales.id, name: 'East China' });
  });

  it.each([
    ['under itself', () => east, () => east],
    ['under its child', () => east, () => shanghai],
    ['under its grandchild', () => sales, () => shanghai],
    ['the root under a leaf', () => company, () => shanghai],
  ])('refuses a move %s (a cycle) with 422 on parent_id, changing nothing', async (_what, moving, under) => {
    const before = await tree();
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/departments/${moving().id}`, payload: { parent_id: under().id } }), { status: 422, code: 'validation_failed', fields: ['parent_id'] });
    expect(await tree()).toEqual(before);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no name', {}, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a parent that does not exist', { name: 'X', parent_id: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194' }, 'parent_id'],
    ['a parent that is not a uuid', { name: 'X', parent_id: 'Sales' }, 'parent_id'],
    ['an unknown property', { name: 'X', manager: 'me' }, 'manager'],
  ])('refuses to create a department with %s (422)', async (_what, payload, field) => {
    const before = await tree();
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/departments', payload }), { status: 422, code: 'validation_failed', fields: [field] });
    expect(await tree()).toEqual(before);
  });

  it('refuses a second department of the same name under the same parent (409), but not elsewhere', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: 'east china', parent_id: sales.id } }), { status: 409, code: 'duplicate_name', fields: ['name'] });
    await create('East China', service);
  });

  it('deletes an empty department, and refuses one with sub-departments or users (409), changing nothing', async () => {
    expectProblem(await t.request({ method: 'DELETE', url: `/api/admin/departments/${east.id}` }), { status: 409, code: 'department_not_empty' });
    const member = await adminCreateUser(t, { email: 'sh@corp.test', name: 'Shanghai rep', department_id: shanghai.id });
    expectProblem(await t.request({ method: 'DELETE', url: `/api/admin/departments/${shanghai.id}` }), { status: 409, code: 'department_not_empty' });
    expect(await get(shanghai)).toMatchObject({ user_count: 1 });

    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${member.id}`, payload: { department_id: null } }), 200);
    expectStatus(await t.request({ method: 'DELETE', url: `/api/admin/departments/${shanghai.id}` }), 204);
    expectProblem(await t.request({ method: 'GET', url: `/api/admin/departments/${shanghai.id}` }), { status: 404, code: 'department_not_found' });
    expect(await get(east)).toMatchObject({ child_count: 0 });
    expect((await auditOf(t, ['department_deleted'])).map((e) => e.target_id)).toEqual([shanghai.id]);
  });

  it('answers 404 for unknown ids on every department route', async () => {
    const unknown = '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194';
    for (const [method, url] of [
      ['GET', `/api/admin/departments/${unknown}`],
      ['PATCH', `/api/admin/departments/${unknown}`],
      ['DELETE', `/api/admin/departments/${unknown}`],
      ['GET', '/api/admin/departments/not-a-uuid'],
    ] as const) {
      expectProblem(await t.request({ method, url, ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}) }), { status: 404, code: 'department_not_found' });
    }
  });
});
