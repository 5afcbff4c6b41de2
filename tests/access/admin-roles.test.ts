import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus } from './helpers.ts';

let t: TestEngine;
const NONE = { create: false, read: false, edit: false, delete: false, view_all: false, modify_all: false };

beforeAll(async () => {
  t = await startTestEngine();
  for (const object of [
    { api_name: 'deal', label: 'Deal', fields: [{ api_name: 'amount', type: 'integer' }, { api_name: 'margin', type: 'decimal' }] },
    { api_name: 'lead', label: 'Lead', fields: [{ api_name: 'source', type: 'text' }] },
  ]) {
    expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: object }), 201);
  }
  expectStatus(await t.request({ method: 'DELETE', url: '/api/meta/objects/lead/fields/source' }), 200);
});
afterAll(() => t.close());

const list = async (path: string) => (expectStatus(await t.request({ method: 'GET', url: path }), 200).json() as { items: Array<Record<string, unknown>> }).items;

describe('roles', () => {
  it('store object rights (closed: edit implies read…), field rights and data scopes per object', async () => {
    const res = expectStatus(
      await t.request({
        method: 'POST',
        url: '/api/admin/roles',
        payload: {
          api_name: 'sales_rep',
          label: { en: 'Sales rep', 'zh-CN': '销售代表' },
          description: 'Front line',
          object_rights: { deal: { edit: true, create: true }, lead: { delete: true } },
          field_rights: { deal: { margin: 'none', owner_id: 'read' } },
          data_scopes: { deal: 'department_and_subdepartments', lead: 'self_and_subordinates' },
          default_scope: 'department',
        },
      }),
      201,
    );
    const role = res.json() as Record<string, unknown>;
    expect(role).toMatchObject({
      api_name: 'sales_rep',
      label: { en: 'Sales rep', 'zh-CN': '销售代表' },
      description: 'Front line',
      object_rights: { deal: { ...NONE, create: true, read: true, edit: true }, lead: { ...NONE, read: true, edit: true, delete: true } },
      field_rights: { deal: { margin: 'none', owner_id: 'read' } },
      data_scopes: { deal: 'department_and_subdepartments', lead: 'self_and_subordinates' },
      default_scope: 'department',
      user_count: 0,
    });
    expect((await t.request({ method: 'GET', url: `/api/admin/roles/${String(role.id)}` })).json()).toEqual(role);
    expect((await list('/api/admin/roles')).map((r) => r.api_name)).toEqual(['sales_rep']);
    const [entry] = await auditOf(t, ['role_created']);
    expect(entry).toMatchObject({ target_id: role.id, after: { api_name: 'sales_rep' } });
  });

  it('default to a label from the api_name, no rights and the self scope', async () => {
    const role = expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'intern' } }), 201).json();
    expect(role).toMatchObject({ label: { en: 'Intern' }, description: null, object_rights: {}, field_rights: {}, data_scopes: {}, default_scope: 'self' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no api_name', {}, ['api_name']],
    ['a malformed api_name', { api_name: 'Sales Rep' }, ['api_name']],
    ['a reserved api_name', { api_name: 'select' }, ['api_name']],
    ['an unknown object', { api_name: 'r1', object_rights: { ghost: { read: true } } }, ['object_rights.ghost']],
    ['an unknown right', { api_name: 'r1', object_rights: { deal: { approve: true } } }, ['object_rights.deal.approve']],
    ['a right that is not a boolean', { api_name: 'r1', object_rights: { deal: { read: 'sure' } } }, ['object_rights.deal.read']],
    ['an unknown field', { api_name: 'r1', field_rights: { deal: { ghost: 'read' } } }, ['field_rights.deal.ghost']],
    ['an archived field', { api_name: 'r1', field_rights: { lead: { source: 'read' } } }, ['field_rights.lead.source']],
    ['an unknown field access', { api_name: 'r1', field_rights: { deal: { amount: 'write' } } }, ['field_rights.deal.amount']],
    ['a data scope of an unknown object', { api_name: 'r1', data_scopes: { ghost: 'all' } }, ['data_scopes.ghost']],
    ['an unknown data scope', { api_name: 'r1', data_scopes: { deal: 'team' } }, ['data_scopes.deal']],
    ['an unknown default scope', { api_name: 'r1', default_scope: 'everyone' }, ['default_scope']],
    ['an unknown property', { api_name: 'r1', parent_role: 'x' }, ['parent_role']],
  ])('refuse %s with 422 naming the field, and store nothing', async (_what, payload, fields) => {
    const before = await list('/api/admin/roles');
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/roles', payload }), { status: 422, code: 'validation_failed', fields });
    expect(await list('/api/admin/roles')).toEqual(before);
  });

  it('refuse a taken api_name (409) and a change of api_name (422)', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'sales_rep' } }), { status: 409, code: 'duplicate_name', fields: ['api_name'] });
    const [role] = (await list('/api/admin/roles')).filter((r) => r.api_name === 'sales_rep');
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/roles/${String(role?.id)}`, payload: { api_name: 'rep' } }), { status: 422, code: 'immutable_property', fields: ['api_name'] });
  });

  it('change by patch, with before and after in the audit log', async () => {
    const [role] = (await list('/api/admin/roles')).filter((r) => r.api_name === 'intern');
    const patched = expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/roles/${String(role?.id)}`, payload: { label: 'Trainee', data_scopes: { deal: 'all' } } }), 200).json();
    expect(patched).toMatchObject({ api_name: 'intern', label: { en: 'Trainee' }, data_scopes: { deal: 'all' }, default_scope: 'self' });
    const [entry] = await auditOf(t, ['role_updated']);
    expect(entry).toMatchObject({ target_id: role?.id, before: { label: { en: 'Intern' }, data_scopes: {} }, after: { label: { en: 'Trainee' }, data_scopes: { deal: 'all' } } });
  });

  it('cannot be deleted while a user holds them (409); can once nobody does', async () => {
    const [role] = (await list('/api/admin/roles')).filter((r) => r.api_name === 'intern');
    const user = await adminCreateUser(t, { email: 'intern@corp.test', name: 'Intern', roles: ['intern'] });
    expect((await t.request({ method: 'GET', url: `/api/admin/roles/${String(role?.id)}` })).json()).toMatchObject({ user_count: 1 });
    expectProblem(await t.request({ method: 'DELETE', url: `/api/admin/roles/${String(role?.id)}` }), { status: 409, code: 'still_assigned' });
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { roles: [] } }), 200);
    expectStatus(await t.request({ method: 'DELETE', url: `/api/admin/roles/${String(role?.id)}` }), 204);
    expectProblem(await t.request({ method: 'GET', url: `/api/admin/roles/${String(role?.id)}` }), { status: 404, code: 'role_not_found' });
    expect((await auditOf(t, ['role_deleted']))[0]).toMatchObject({ target_id: role?.id, before: { api_name: 'intern' } });
  });
});

describe('permission sets', () => {
  it('store object and field rights, but no data scopes', async () => {
    const set = expectStatus(
      await t.request({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'exporter', object_rights: { deal: { view_all: true } }, field_rights: { deal: { margin: 'read' } } } }),
      201,
    ).json() as Record<string, unknown>;
    expect(set).toMatchObject({ api_name: 'exporter', object_rights: { deal: { ...NONE, read: true, view_all: true } }, field_rights: { deal: { margin: 'read' } } });
    expect(set).not.toHaveProperty('data_scopes');
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'scoped', data_scopes: { deal: 'all' } } }), { status: 422, code: 'validation_failed', fields: ['data_scopes'] });
  });

  it('are validated, patched, audited and deleted like roles', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'bad', object_rights: { deal: { read: {} } } } }), { status: 422, code: 'validation_failed', fields: ['object_rights.deal.read'] });
    const [set] = (await list('/api/admin/permission-sets')).filter((s) => s.api_name === 'exporter');
    const patched = expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/permission-sets/${String(set?.id)}`, payload: { object_rights: { deal: { modify_all: true } } } }), 200).json();
    expect(patched).toMatchObject({ object_rights: { deal: { create: false, read: true, edit: true, delete: true, view_all: true, modify_all: true } } });
    expect((await auditOf(t, ['permission_set_updated']))[0]).toMatchObject({ target_id: set?.id, before: { object_rights: { deal: { modify_all: false } } }, after: { object_rights: { deal: { modify_all: true } } } });
    const user = await adminCreateUser(t, { email: 'exp@corp.test', name: 'Exporter', permission_sets: ['exporter'] });
    expectProblem(await t.request({ method: 'DELETE', url: `/api/admin/permission-sets/${String(set?.id)}` }), { status: 409, code: 'still_assigned' });
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { permission_sets: [] } }), 200);
    expectStatus(await t.request({ method: 'DELETE', url: `/api/admin/permission-sets/${String(set?.id)}` }), 204);
    expect(await auditOf(t, ['permission_set_deleted'])).toHaveLength(1);
  });

  it('answer 404 for unknown ids', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/admin/permission-sets/0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194' }), { status: 404, code: 'permission_set_not_found' });
    expectProblem(await t.request({ method: 'PATCH', url: '/api/admin/permission-sets/x', payload: { label: 'x' } }), { status: 404, code: 'permission_set_not_found' });
  });
});
