import type { Knex } from './knex.ts';
import { quoteIdent } from './quote.ts';
import { RULE_FUNCTIONS } from './rule-functions.ts';
import { SEARCH_FUNCTIONS } from './search-functions.ts';

/** The global schema holds only the tenant directory (and, later, the job queue). */
export const GLOBAL_SCHEMA = 'tessera';

const GLOBAL_MIGRATIONS: Array<{ name: string; sql: string[] }> = [
  {
    name: '001_tenants',
    sql: [
      `create table if not exists ${quoteIdent(GLOBAL_SCHEMA)}.${quoteIdent('tenants')} (
        id uuid primary key,
        slug text not null unique,
        schema_name text not null unique,
        name text not null,
        created_at timestamptz not null default now()
      )`,
    ],
  },
  // JavaScript semantics for rules compiled to SQL (logic/); see rule-functions.ts.
  { name: '002_rule_functions', sql: RULE_FUNCTIONS },
  // Full-text search tokens and queries (query/search.ts); see search-functions.ts.
  { name: '003_search', sql: SEARCH_FUNCTIONS },
];

/** Serialises migrations across engine instances starting at once. */
export async function withMigrationLock<T>(trx: Knex.Transaction, key: string, fn: () => Promise<T>): Promise<T> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tessera:migrate:${key}`]);
  return fn();
}

/** Runs a list of named migrations once each, tracking them in `<schema>._migrations`. */
export async function runMigrations(trx: Knex.Transaction, schema: string, migrations: Array<{ name: string; sql: string[] }>): Promise<string[]> {
  const table = `${quoteIdent(schema)}.${quoteIdent('_migrations')}`;
  await trx.raw(`create schema if not exists ${quoteIdent(schema)}`);
  await trx.raw(`create table if not exists ${table} (name text primary key, applied_at timestamptz not null default now())`);
  const done = new Set((await trx.raw<{ rows: Array<{ name: string }> }>(`select name from ${table}`)).rows.map((r) => r.name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    for (const statement of migration.sql) await trx.raw(statement);
    await trx.raw(`insert into ${table} (name) values (?)`, [migration.name]);
    applied.push(migration.name);
  }
  return applied;
}

export async function migrateGlobal(knex: Knex): Promise<string[]> {
  return knex.transaction((trx) => withMigrationLock(trx, GLOBAL_SCHEMA, () => runMigrations(trx, GLOBAL_SCHEMA, GLOBAL_MIGRATIONS)));
}
