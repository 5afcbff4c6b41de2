import type { RecordAccess } from './record-access.ts';

interface Entry {
  /** The object definition the access was computed for (a new metadata version brings new definitions). */
  def: object;
  version: number;
  access: RecordAccess;
}

/**
 * Computed access per tenant, user and object, kept only while the tenant's access version stands.
 * Every change that can alter access (users' departments and managers, departments, roles, permission
 * sets, assignments, record teams) bumps that version in the same transaction, through triggers; each
 * request reads it with its credential. So a request never uses access older than the state it saw
 * when it was authenticated, on any engine instance, and needs no extra query when nothing changed.
 */
export interface AccessCache {
  get(schema: string, userId: string, def: { api_name: string }, version: number): RecordAccess | undefined;
  set(schema: string, userId: string, def: { api_name: string }, version: number, access: RecordAccess): void;
  clear(): void;
  readonly size: number;
}

export function createAccessCache(maxEntries = 10_000): AccessCache {
  const entries = new Map<string, Entry>();
  const keyOf = (schema: string, userId: string, object: string) => `${schema}\u0000${userId}\u0000${object}`;
  return {
    get(schema, userId, def, version) {
      const key = keyOf(schema, userId, def.api_name);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.version !== version || entry.def !== def) {
        entries.delete(key);
        return undefined;
      }
      return entry.access;
    },
    set(schema, userId, def, version, access) {
      const key = keyOf(schema, userId, def.api_name);
      entries.delete(key);
      // Oldest first: a full cache forgets the entry written longest ago.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { def, version, access });
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
