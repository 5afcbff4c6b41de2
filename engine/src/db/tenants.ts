import { AppError, newId, type TenantRef } from '../kernel/index.ts';
import type { Knex } from './knex.ts';
import { GLOBAL_SCHEMA, runMigrations, withMigrationLock } from './global-schema.ts';
import { tenantMigrations } from './tenant-schema.ts';
import { quoteIdent } from './quote.ts';

export const DEFAULT_TENANT = 'default';
const SLUG = /^[a-z][a-z0-9-]{1,39}$/;

export function tenantSchemaName(slug: string): string {
  return `t_${slug.replace(/-/g, '_')}`;
}

function tenantsTable(): string {
  return `${quoteIdent(GLOBAL_SCHEMA)}.${quoteIdent('tenants')}`;
}

interface TenantRow {
  id: string;
  slug: string;
  schema_name: string;
  name: string;
}

const toRef = (row: TenantRow): TenantRef => ({ id: row.id, slug: row.slug, schema: row.schema_name });

export async function findTenant(knex: Knex, slug: string): Promise<TenantRef | undefined> {
  const result = await knex.raw<{ rows: TenantRow[] }>(`select * from ${tenantsTable()} where slug = ?`, [slug]);
  const row = result.rows[0];
  return row ? toRef(row) : undefined;
}

export async function listTenants(knex: Knex): Promise<TenantRef[]> {
  const result = await knex.raw<{ rows: TenantRow[] }>(`select * from ${tenantsTable()} order by created_at`);
  return result.rows.map(toRef);
}

/** Creates the tenant's schema with its system tables and registers it, in one transaction. */
export async function createTenant(knex: Knex, slug: string, name = slug): Promise<TenantRef> {
  if (!SLUG.test(slug)) {
    throw new AppError('invalid_tenant_slug', 'A tenant slug is 2–40 characters: lower-case letters, digits and hyphens, starting with a letter', {
      errors: [{ field: 'slug', message: 'must match ^[a-z][a-z0-9-]{1,39}$' }],
    });
  }
  return knex.transaction(async (trx) =>
    withMigrationLock(trx, `tenant:${slug}`, async () => {
      const existing = await trx.raw<{ rows: TenantRow[] }>(`select * from ${tenantsTable()} where slug = ?`, [slug]);
      if (existing.rows.length > 0) throw new AppError('tenant_exists', `The tenant "${slug}" already exists`);
      const schema = tenantSchemaName(slug);
      await runMigrations(trx, schema, tenantMigrations(schema));
      const id = newId();
      await trx.raw(`insert into ${tenantsTable()} (id, slug, schema_name, name) values (?, ?, ?, ?)`, [id, slug, schema, name]);
      return { id, slug, schema };
    }),
  );
}

/** Brings every tenant's system tables up to date (`tessera migrate`). */
export async function migrateTenants(knex: Knex): Promise<Record<string, string[]>> {
  const applied: Record<string, string[]> = {};
  for (const tenant of await listTenants(knex)) {
    applied[tenant.slug] = await knex.transaction((trx) =>
      withMigrationLock(trx, `tenant:${tenant.slug}`, () => runMigrations(trx, tenant.schema, tenantMigrations(tenant.schema))),
    );
  }
  return applied;
}
