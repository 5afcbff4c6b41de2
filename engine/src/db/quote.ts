/**
 * The one function that turns a name into an SQL identifier. Every identifier the engine
 * writes into SQL goes through here (knex is configured to call it too); values never do,
 * they are always bound parameters.
 */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 63 || name.includes('\u0000')) {
    throw new Error(`refusing to quote identifier ${JSON.stringify(name)}`);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** schema.table, each part quoted. */
export function qualify(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
