import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { qualify, type Knex } from '../../engine/src/db/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { addAdmin, failure, install, manifest, removePackages, tenantState, writePackage, type PackageFiles } from './support.ts';

let knex: Knex;
let tenant: TenantRef;
let actorId: string;

beforeEach(async () => {
  knex ??= testKnex();
  tenant = await freshTenant(knex, 'pkgatom');
  actorId = await addAdmin(knex, tenant);
});

afterAll(async () => {
  removePackages();
  await knex.destroy();
});

/** Three objects (alpha ← beta ← gamma), a role, departments, users and records. */
const files = (): PackageFiles => ({
  'manifest.json': manifest(),
  'objects/alpha.json': { api_name: 'alpha', fields: [{ api_name: 'code', type: 'text', unique: true }] },
  'objects/beta.json': { api_name: 'beta', fields: [{ api_name: 'alpha', type: 'lookup', target: 'alpha', on_delete: 'cascade', required: true }] },
  'objects/gamma.json': { api_name: 'gamma', fields: [{ api_name: 'beta', type: 'lookup', target: 'beta', on_delete: 'set_null' }] },
  'roles/alpha_reader.json': { api_name: 'alpha_reader', object_rights: { alpha: { read: true } }, data_scopes: { alpha: 'all' } },
  'sample-data/0-departments.json': { object: '_departments', records: [{ $key: 'd-1', name: 'Ops' }] },
  'sample-data/1-users.json': { object: '_users', records: [{ $key: 'u-1', name: 'Olga', email: 'olga@example.test', department_id: { $ref: 'd-1' }, roles: ['alpha_reader'] }] },
  'sample-data/2-alpha.json': { object: 'alpha', records: [{ $key: 'a-1', name: 'A one', code: 'A1', owner_id: { $ref: 'u-1' } }, { $key: 'a-2', name: 'A two', code: 'A2' }] },
  'sample-data/3-beta.json': { object: 'beta', records: [{ $key: 'b-1', name: 'B one', alpha: { $ref: 'a-1' } }] },
  'sample-data/4-gamma.json': { object: 'gamma', records: [{ name: 'G one', beta: { $ref: 'b-1' } }] },
});

describe('a failing install leaves nothing behind', () => {
  it('a bad object in the middle: no table, row, role or version of any object', async () => {
    const before = await tenantState(knex, tenant);
    const bad = { ...files(), 'objects/beta.json': { api_name: 'beta', fields: [{ api_name: 'alpha', type: 'lookup', target: 'alpha', on_delete: 'set_null', required: true }] } };
    const err = await failure(() => install(knex, writePackage(bad), { tenant, actorId }));
    expect(err.code).toBe('invalid_package');
    expect(err.errors).toEqual([{ field: 'objects/beta.json#fields.alpha.on_delete', message: expect.stringMatching(/required lookup cannot be cleared/), code: 'invalid_metadata' }]);
    expect(await tenantState(knex, tenant)).toEqual(before);
  });

  it('DDL failing on the second object (a table made by hand) undoes the first', async () => {
    await knex.raw(`create table ${qualify(tenant.schema, 'beta')} (id uuid primary key)`);
    const before = await tenantState(knex, tenant);
    const err = await failure(() => install(knex, writePackage(files()), { tenant, actorId }));
    expect(err.code).toBe('schema_conflict');
    expect(await tenantState(knex, tenant)).toEqual(before);
    expect(before.tables).toEqual(['beta']);
  });

  it('a sample record failing late undoes the objects, role, departments, users and earlier records', async () => {
    const before = await tenantState(knex, tenant);
    const late = { ...files(), 'sample-data/4-gamma.json': { object: 'gamma', records: [{ name: 'G one', beta: { $ref: 'b-1' } }, { name: 'G two', colour: 'teal' }] } };
    const err = await failure(() => install(knex, writePackage(late), { tenant, actorId }));
    expect(err.code).toBe('invalid_package');
    expect(err.errors).toEqual([{ field: 'sample-data/4-gamma.json#records.1.colour', message: 'is not a field of "gamma"', code: 'unknown_field' }]);
    expect(await tenantState(knex, tenant)).toEqual(before);
  });

  it('a unique value repeated in sample data undoes everything too', async () => {
    const before = await tenantState(knex, tenant);
    const dup = { ...files(), 'sample-data/2-alpha.json': { object: 'alpha', records: [{ $key: 'a-1', name: 'A one', code: 'A1' }, { name: 'A again', code: 'A1' }] } };
    const err = await failure(() => install(knex, writePackage(dup), { tenant, actorId }));
    expect(err.code).toBe('invalid_package');
    expect(err.errors?.[0]).toMatchObject({ field: 'sample-data/2-alpha.json#records.1.code', code: 'unique' });
    expect(await tenantState(knex, tenant)).toEqual(before);
  });

  it('the same package installs whole once it is right', async () => {
    const report = await install(knex, writePackage(files()), { tenant, actorId });
    expect(report.sampleData).toMatchObject({ installed: true, records: { _departments: 1, _users: 1, alpha: 2, beta: 1, gamma: 1 } });
    expect(await tenantState(knex, tenant)).toMatchObject({ tables: ['alpha', 'beta', 'gamma'], version: 1, roles: 1, departments: 1, users: 2, packages: 1 });
    const [alpha] = (await knex.raw<{ rows: Array<{ email: string }> }>(`select u.email from ${qualify(tenant.schema, 'alpha')} a join ${qualify(tenant.schema, '_users')} u on u.id = a.owner_id where a.code = 'A1'`)).rows;
    expect(alpha?.email).toBe('olga@example.test');
  });

  it('--no-sample-data installs the metadata only; a later install adds the sample data once', async () => {
    const dir = writePackage(files());
    const bare = await install(knex, dir, { tenant, actorId, sampleData: false });
    expect(bare.sampleData).toEqual({ installed: false, reason: 'not_requested' });
    expect(await tenantState(knex, tenant)).toMatchObject({ tables: ['alpha', 'beta', 'gamma'], roles: 1, departments: 0, users: 1 });
    const withData = await install(knex, dir, { tenant, actorId });
    expect(withData.outcome).toBe('updated');
    expect(withData.metadata.operations).toEqual([]);
    expect(withData.sampleData).toMatchObject({ installed: true });
    expect((await install(knex, dir, { tenant, actorId })).outcome).toBe('unchanged');
  });
});
