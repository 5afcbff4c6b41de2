import { isUuid } from '../kernel/index.ts';
import { qualify, query, type Knex } from '../db/index.ts';

/** A user as every colleague of the tenant may see them in a picker: never a password, token, role or setting. */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  /** The name of their department, null without one. */
  department: string | null;
  active: boolean;
}

export const DIRECTORY_MAX_LIMIT = 50;

export interface DirectoryQuery {
  /** The beginning of a name, of a word of a name, or of an email; case-insensitive. Empty: everyone. */
  q?: string | undefined;
  /** Specific users by id (a record's current value), active or not, all of them (at most 50); q and limit are then ignored. */
  ids?: readonly string[] | undefined;
  limit: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The tenant's user directory for pickers: active users whose name, a word of their name or email starts
 * with q, by name; or the users with the given ids (inactive ones too, flagged), to name a stored value.
 */
export async function searchUserDirectory(db: Knex, schema: string, input: DirectoryQuery): Promise<DirectoryUser[]> {
  const users = qualify(schema, '_users');
  const departments = qualify(schema, '_departments');
  const select = `select u.id, u.name, u.email, d.name as department, u.active from ${users} u left join ${departments} d on d.id = u.department_id`;
  const limit = Math.min(Math.max(1, input.limit), DIRECTORY_MAX_LIMIT);
  if (input.ids !== undefined) {
    const ids = [...new Set(input.ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (ids.length === 0) return [];
    // Every user asked for is named (up to the route's 50 ids): limit is for searches, a record's values are all needed.
    return query<DirectoryUser>(db, `${select} where u.id = any(?::uuid[]) order by lower(u.name), u.id limit ?`, [ids, DIRECTORY_MAX_LIMIT]);
  }
  const q = (input.q ?? '').trim().toLowerCase();
  if (q === '') return query<DirectoryUser>(db, `${select} where u.active order by lower(u.name), u.id limit ?`, [limit]);
  const prefix = `${escapeLike(q)}%`;
  return query<DirectoryUser>(
    db,
    `${select} where u.active and (lower(u.name) like ? escape '\\' or lower(u.name) like ? escape '\\' or lower(u.email) like ? escape '\\')
      order by lower(u.name) like ? escape '\\' desc, lower(u.name), u.id limit ?`,
    [prefix, `% ${prefix}`, prefix, prefix, limit],
  );
}
