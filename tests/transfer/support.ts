import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import { qualify, type Knex } from '../../engine/src/db/index.ts';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { createBuiltinOperators } from '../../engine/src/logic/index.ts';
import { isAppError, type AppError, type TenantRef } from '../../engine/src/kernel/index.ts';
import { installPackage, type InstallOptions, type InstallReport } from '../../engine/src/transfer/index.ts';
import { REPO_ROOT } from '../support/spawn.ts';

export const CRM_PACKAGE = path.join(REPO_ROOT, 'seed-apps/crm');

/** Files of a package, by path inside it: objects are written as JSON, strings as they are. */
export type PackageFiles = Record<string, unknown>;

const made: string[] = [];

/** Writes a package folder in the temp directory; `removePackages()` deletes them all. */
export function writePackage(files: PackageFiles): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-package-'));
  made.push(dir);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export function removePackages(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function manifest(version = '1.0.0', extra: Record<string, unknown> = {}) {
  return { name: 'sample-kit', version, label: { en: 'Sample kit', 'zh-CN': '示例套件' }, ...extra };
}

/** A tenant's admin (packages install as an admin). */
export async function addAdmin(knex: Knex, tenant: TenantRef): Promise<string> {
  const admin = await createUser(knex, tenant.schema, { email: `admin@${tenant.slug}.test`, password: 'correct horse battery staple', isAdmin: true, name: 'Admin' });
  return admin.id;
}

export function install(knex: Knex, dir: string, options: InstallOptions): Promise<InstallReport> {
  return installPackage({ knex, registry: createBuiltinRegistry(), operators: createBuiltinOperators() }, dir, options);
}

/** Runs `fn`, which must fail with an AppError; returns it. */
export async function failure(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  expect.fail('expected an error');
}

/** Everything an install leaves in a tenant, to compare before and after. */
export async function tenantState(knex: Knex, tenant: TenantRef) {
  const tables = await knex.raw<{ rows: Array<{ table_name: string }> }>(
    `select table_name from information_schema.tables where table_schema = ? and table_name not like '\\_%' order by table_name`,
    [tenant.schema],
  );
  const count = async (table: string) => Number((await knex.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(tenant.schema, table)}`)).rows[0]?.n);
  const version = Number((await knex.raw<{ rows: Array<{ version: string }> }>(`select version from ${qualify(tenant.schema, '_meta_state')}`)).rows[0]?.version);
  return {
    tables: tables.rows.map((r) => r.table_name),
    version,
    objects: await count('_meta_objects'),
    changes: await count('_meta_changes'),
    roles: await count('_roles'),
    users: await count('_users'),
    departments: await count('_departments'),
    packages: await count('_packages'),
  };
}
