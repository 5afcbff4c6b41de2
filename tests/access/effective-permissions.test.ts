import { describe, expect, it } from 'vitest';
import { closeRights, effectivePermissions, minimiseScopes, type DataScope, type Grant, type RoleGrant } from '../../engine/src/access/index.ts';

const set = (api_name: string, grant: Partial<Grant>): Grant => ({ api_name, object_rights: {}, field_rights: {}, ...grant });
const role = (api_name: string, grant: Partial<RoleGrant>): RoleGrant => ({ api_name, object_rights: {}, field_rights: {}, data_scopes: {}, default_scope: 'self', ...grant });
const rights = (given: Parameters<typeof closeRights>[0]) => closeRights(given);

describe('effectivePermissions(user) is the union of the user’s roles and permission sets', () => {
  it('adds object rights from every grant, and never takes one away', () => {
    const result = effectivePermissions({
      isAdmin: false,
      roles: [role('rep', { object_rights: { deal: rights({ read: true, create: true }) } })],
      permissionSets: [
        set('closer', { object_rights: { deal: rights({ edit: true }), quote: rights({ read: true }) } }),
        set('nothing_on_deal', { object_rights: { deal: rights({}) } }),
      ],
    });
    expect(result.objects).toEqual({
      deal: { create: true, read: true, edit: true, delete: false, view_all: false, modify_all: false },
      quote: { create: false, read: true, edit: false, delete: false, view_all: false, modify_all: false },
    });
    expect(result.roles).toEqual(['rep']);
    expect(result.permission_sets).toEqual(['closer', 'nothing_on_deal']);
  });

  it.each([
    ['edit implies read', { edit: true }, { read: true, edit: true }],
    ['create implies read', { create: true }, { read: true, create: true }],
    ['delete implies edit and read', { delete: true }, { read: true, edit: true, delete: true }],
    ['view all implies read', { view_all: true }, { read: true, view_all: true }],
    ['modify all implies everything but create', { modify_all: true }, { read: true, edit: true, delete: true, view_all: true, modify_all: true }],
    ['nothing stays nothing', {}, {}],
  ])('closes rights: %s', (_what, given, expected) => {
    expect(closeRights(given)).toEqual({ create: false, read: false, edit: false, delete: false, view_all: false, modify_all: false, ...expected });
  });

  it('gives a field the best access any grant gives it, where a grant that does not name it gives what it gives the object', () => {
    const result = effectivePermissions({
      isAdmin: false,
      roles: [role('rep', { object_rights: { deal: rights({ edit: true }) }, field_rights: { deal: { margin: 'none', discount: 'read' } } })],
      permissionSets: [set('auditor', { object_rights: { deal: rights({ read: true }) }, field_rights: { deal: { discount: 'none' } } })],
    });
    // margin: the rep role hides it, the auditor set does not name it and reads deals → read.
    // discount: read from the role, none from the set → read.
    expect(result.fields).toEqual({ deal: { margin: 'read', discount: 'read' } });
  });

  it('hides a field every grant hides', () => {
    const result = effectivePermissions({
      isAdmin: false,
      roles: [role('rep', { object_rights: { deal: rights({ edit: true }) }, field_rights: { deal: { margin: 'none' } } })],
      permissionSets: [set('other', { object_rights: { quote: rights({ read: true }) } })],
    });
    expect(result.fields).toEqual({ deal: { margin: 'none' } });
  });

  it('never makes a field more open than its object', () => {
    const result = effectivePermissions({
      isAdmin: false,
      roles: [],
      permissionSets: [set('odd', { object_rights: { deal: rights({ read: true }) }, field_rights: { deal: { amount: 'edit' }, quote: { total: 'edit' } } })],
    });
    expect(result.fields).toEqual({ deal: { amount: 'read' }, quote: { total: 'none' } });
  });

  it('unions data scopes per object across roles, falling back to each role’s default scope', () => {
    const result = effectivePermissions({
      isAdmin: false,
      roles: [
        role('rep', { data_scopes: { deal: 'self_and_subordinates' }, default_scope: 'self' }),
        role('dept_viewer', { data_scopes: { deal: 'department', lead: 'department_and_subdepartments' }, default_scope: 'department' }),
      ],
      permissionSets: [set('anything', { object_rights: { deal: rights({ read: true }) } })],
    });
    expect(result.data_scopes).toEqual({ deal: ['self_and_subordinates', 'department'], lead: ['department_and_subdepartments'] });
    expect(result.default_scopes).toEqual(['department']);
  });

  it('sees only their own records with no role, and permission sets do not change scopes', () => {
    const result = effectivePermissions({ isAdmin: false, roles: [], permissionSets: [set('reader', { object_rights: { deal: rights({ read: true }) } })] });
    expect(result.data_scopes).toEqual({});
    expect(result.default_scopes).toEqual(['self']);
  });

  it('reports the admin flag (admins bypass rights where they are enforced) and nothing else from it', () => {
    const result = effectivePermissions({ isAdmin: true, roles: [], permissionSets: [] });
    expect(result).toEqual({ is_admin: true, roles: [], permission_sets: [], objects: {}, fields: {}, data_scopes: {}, default_scopes: ['self'] });
  });
});

describe('minimiseScopes', () => {
  it.each<[DataScope[], DataScope[]]>([
    [['self', 'all'], ['all']],
    [['department', 'department_and_subdepartments'], ['department_and_subdepartments']],
    [['self', 'self_and_subordinates'], ['self_and_subordinates']],
    [['self', 'department'], ['department']],
    [['self_and_subordinates', 'department'], ['self_and_subordinates', 'department']],
    [['self', 'self'], ['self']],
    [[], []],
  ])('%j → %j', (input, expected) => {
    expect(minimiseScopes(input)).toEqual(expected);
  });
});
