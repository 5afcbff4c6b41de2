import { isUuid } from '../kernel/index.ts';
import { qualify, query, type Knex } from '../db/index.ts';

/** Of these ids, the ones that are not an active user of the tenant (unknown, malformed or deactivated). */
export async function notActiveUsers(db: Knex | Knex.Transaction, schema: string, ids: readonly string[]): Promise<Set<string>> {
  const wellFormed = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  const found = wellFormed.length
    ? await query<{ id: string }>(db, `select id from ${qualify(schema, '_users')} where id = any(?::uuid[]) and active`, [wellFormed])
    : [];
  const active = new Set(found.map((r) => r.id));
  return new Set(ids.filter((id) => !active.has(id.toLowerCase())));
}
