import { afterAll, describe, expect, it } from 'vitest';
import { createTenant, findTenant, listTenants, migrateGlobal, quoteIdent } from '../../engine/src/db/index.ts';
import { testKnex, uniqueSlug } from '../support/db.ts';

const knex = testKnex();
afterAll(() => knex.destroy());

describe('tenants', () => {
  it('creates a schema with the system tables and registers it in the directory', async () => {
    await migrateGlobal(knex);
    const slug = uniqueSlug();
    const tenant = await createTenant(knex, slug);
    expect(tenant.schema).toBe(`t_${slug.replace(/-/g, '_')}`);
    const tables = await knex.raw<{ rows: Array<{ table_name: string }> }>('select table_name from information_schema.tables where table_schema = ? order by 1', [tenant.schema]);
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      '_access_state',
      '_api_keys',
      '_audit_log',
      '_autonumbers',
      '_departments',
      '_designer_layout',
      '_field_history',
      '_login_throttle',
      '_meta_changes',
      '_meta_objects',
      '_meta_state',
      '_migrations',
      '_packages',
      '_password_resets',
      '_permission_sets',
      '_record_teams',
      '_roles',
      '_saved_views',
      '_sessions',
      '_sharing_rules',
      '_user_permission_sets',
      '_user_roles',
      '_users',
    ]);
    expect(await findTenant(knex, slug)).toEqual(tenant);
    expect((await listTenants(knex)).map((t) => t.slug)).toContain(slug);
  });

  it('refuses a duplicate slug and leaves the first tenant alone', async () => {
    const slug = uniqueSlug();
    const first = await createTenant(knex, slug);
    await expect(createTenant(knex, slug)).rejects.toMatchObject({ code: 'tenant_exists' });
    expect(await findTenant(knex, slug)).toEqual(first);
  });

  it.each(['A', 'x', 'has space', 'semi;--', 'quote"d', '1abc', 'a'.repeat(41), 'under_score'])('refuses the slug %j', async (slug) => {
    await expect(createTenant(knex, slug)).rejects.toMatchObject({ code: 'invalid_tenant_slug' });
  });

  it('quotes identifiers so names cannot break out of SQL', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(() => quoteIdent('')).toThrow();
    expect(() => quoteIdent('x'.repeat(64))).toThrow();
  });
});
