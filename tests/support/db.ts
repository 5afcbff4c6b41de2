import crypto from 'node:crypto';
import { inject } from 'vitest';
import { createKnex, createTenant, migrateGlobal, type Knex } from '../../engine/src/db/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';

export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

export function testKnex(): Knex {
  return createKnex(testDatabaseUrl(), { poolMax: 4, applicationName: 'tessera-test' });
}

/** A slug no other test file uses, so files can run in parallel on one database. */
export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
}

export async function freshTenant(knex: Knex, prefix?: string): Promise<TenantRef> {
  await migrateGlobal(knex);
  return createTenant(knex, uniqueSlug(prefix));
}
