import { quoteIdent } from '../db/index.ts';

/** A parameterised SQL condition over an object's table (`?` placeholders). */
export interface AccessFilter {
  sql: string;
  bindings: unknown[];
}

/** The records a data scope and the record teams open to one actor, for reading or for editing. */
export interface RowGrant {
  /** Owners whose records the data scope covers; null when the scope is `all`. */
  owners: string[] | null;
  /** Records shared with the actor through record teams (for edit: the members with edit access). */
  records: string[];
  /** Records the actor's sharing rules open (see sharing-rules.ts), over unqualified columns; null when none apply. */
  sharing: AccessFilter | null;
}

/**
 * The condition a row must meet: owned inside the scope, or on the actor's record team, or shared by
 * a rule. Null means every row (scope `all`). Owner and record ids are bound as arrays, so PostgreSQL
 * plans with the real values (and the owner_id index every object table has).
 */
export function rowFilter(grant: RowGrant, alias?: string): AccessFilter | null {
  if (grant.owners === null) return null;
  const column = (name: string) => (alias ? `${quoteIdent(alias)}.${quoteIdent(name)}` : quoteIdent(name));
  const parts: string[] = [];
  const bindings: unknown[] = [];
  if (grant.owners.length) {
    parts.push(`${column('owner_id')} = any(?::uuid[])`);
    bindings.push(grant.owners);
  }
  if (grant.records.length) {
    parts.push(`${column('id')} = any(?::uuid[])`);
    bindings.push(grant.records);
  }
  if (grant.sharing) {
    parts.push(`(${grant.sharing.sql})`);
    bindings.push(...grant.sharing.bindings);
  }
  if (!parts.length) return { sql: 'false', bindings: [] };
  return { sql: parts.length === 1 ? (parts[0] as string) : `(${parts.join(' or ')})`, bindings };
}
