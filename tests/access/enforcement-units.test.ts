import { describe, expect, it } from 'vitest';
import { adminRecordAccess, closeRights, effectivePermissions, fieldMaskOf, recordAccess, rowFilter, type RoleGrant } from '../../engine/src/access/index.ts';
import { filterFieldRefs } from '../../engine/src/query/index.ts';
import type { ObjectDef } from '../../engine/src/metadata/index.ts';

/** The pure pieces of enforcement: field masks, row filters and the fields a filter reads. */

const deal: ObjectDef = {
  api_name: 'deal',
  label: { en: 'Deal' },
  plural_label: { en: 'Deals' },
  name_field: 'name',
  fields: [
    { api_name: 'name', type: 'text', label: { en: 'Name' } },
    { api_name: 'amount', type: 'integer', label: { en: 'Amount' } },
    { api_name: 'margin', type: 'integer', label: { en: 'Margin' } },
    { api_name: 'old', type: 'integer', label: { en: 'Old' }, archived: true },
  ],
};
const role = (grant: Partial<RoleGrant>): RoleGrant => ({ api_name: 'r', object_rights: {}, field_rights: {}, data_scopes: {}, default_scope: 'self', ...grant });
const perms = (grant: Partial<RoleGrant>) => effectivePermissions({ isAdmin: false, roles: [role(grant)], permissionSets: [] });
const facts = { owners: ['u1', 'u2'], teamRead: [] as string[], teamEdit: [] as string[], sharingRead: null, sharingEdit: null };

describe('field masks', () => {
  it('a create-only role may set fields on create (it may not edit records: the object right says so)', () => {
    const mask = fieldMaskOf(perms({ object_rights: { deal: closeRights({ create: true }) } }), deal);
    expect([...mask.editable].sort()).toEqual(['amount', 'margin', 'name', 'owner_id']);
    expect(mask.readable.has('created_at')).toBe(true);
    expect(mask.all.has('old')).toBe(false);
  });

  it('named fields follow their grant; id and version are always readable; system fields are never editable but owner_id', () => {
    const mask = fieldMaskOf(perms({ object_rights: { deal: closeRights({ edit: true }) }, field_rights: { deal: { margin: 'none', amount: 'read', version: 'none', created_at: 'none' } } }), deal);
    expect([...mask.readable].sort()).toEqual(['created_by', 'id', 'amount', 'name', 'owner_id', 'updated_at', 'updated_by', 'version'].sort());
    expect([...mask.editable].sort()).toEqual(['name', 'owner_id']);
  });

  it('without the read right nothing is readable', () => {
    expect([...fieldMaskOf(perms({}), deal).readable]).toEqual([]);
  });
});

describe('row filters', () => {
  it('by owner, OR record team, bound as arrays; none for scope all', () => {
    expect(rowFilter({ owners: ['a', 'b'], records: [], sharing: null })).toEqual({ sql: '"owner_id" = any(?::uuid[])', bindings: [['a', 'b']] });
    expect(rowFilter({ owners: ['a'], records: ['r1'], sharing: null }, 'd')).toEqual({ sql: '("d"."owner_id" = any(?::uuid[]) or "d"."id" = any(?::uuid[]))', bindings: [['a'], ['r1']] });
    expect(rowFilter({ owners: ['a'], records: [], sharing: { sql: 'x = ?', bindings: [1] } })).toEqual({ sql: '("owner_id" = any(?::uuid[]) or (x = ?))', bindings: [['a'], 1] });
    expect(rowFilter({ owners: null, records: ['r1'], sharing: null })).toBeNull();
  });

  it('view all lifts the read filter only, modify all both; no right means no row', () => {
    const viewAll = recordAccess(perms({ object_rights: { deal: closeRights({ edit: true, view_all: true }) } }), deal, facts);
    expect(viewAll.readFilter).toBeNull();
    expect(viewAll.editFilter?.bindings).toEqual([['u1', 'u2']]);
    const modifyAll = recordAccess(perms({ object_rights: { deal: closeRights({ modify_all: true }) } }), deal, facts);
    expect([modifyAll.readFilter, modifyAll.editFilter]).toEqual([null, null]);
    const readOnly = recordAccess(perms({ object_rights: { deal: closeRights({ read: true }) } }), deal, { ...facts, teamEdit: ['r1'] });
    expect(readOnly.editFilter).toEqual({ sql: 'false', bindings: [] });
  });

  it('administrators: every right, every field, no filter — from adminRecordAccess alone', () => {
    const admin = adminRecordAccess(deal);
    expect(admin).toMatchObject({ admin: true, readFilter: null, editFilter: null });
    expect(Object.values(admin.permissions).every(Boolean)).toBe(true);
    expect([...admin.fields.editable].sort()).toEqual(['amount', 'margin', 'name', 'owner_id']);
    expect(recordAccess(effectivePermissions({ isAdmin: true, roles: [], permissionSets: [] }), deal, facts).admin).toBe(false);
  });
});

describe('the fields a filter reads', () => {
  it.each<[string, unknown, string[], boolean]>([
    ['var', { '==': [{ var: 'margin' }, 1] }, ['margin'], false],
    ['var with a default', { '==': [{ var: ['margin', 0] }, 1] }, ['margin'], false],
    ['a dotted path (its first segment)', { '==': [{ var: 'account.industry' }, 'x'] }, ['account'], false],
    ['nested logic', { and: [{ '<': [{ var: 'amount' }, 3] }, { or: [{ '!': { var: 'name' } }] }] }, ['amount', 'name'], false],
    ['missing', { missing: ['margin', 'name'] }, ['margin', 'name'], false],
    ['missing_some', { missing_some: [1, ['margin']] }, ['margin'], false],
    ['element scopes (only the array is the record’s)', { some: [{ var: 'tags' }, { '==': [{ var: '' }, 'vip'] }] }, ['tags'], false],
    ['reduce’s initial value', { reduce: [{ var: 'items' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'base' }] }, ['base', 'items'], false],
    ['a computed name', { var: { cat: ['mar', 'gin'] } }, [], true],
    ['the whole record', { '==': [{ var: '' }, 1] }, [], true],
  ])('%s', (_what, filter, names, dynamic) => {
    const refs = filterFieldRefs(filter);
    expect([...refs.names].sort()).toEqual(names);
    expect(refs.dynamic).toBe(dynamic);
  });
});
