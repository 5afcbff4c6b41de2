import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Knex } from './knex.ts';

interface Statement {
  text: string;
  /** The name it is prepared under on each connection that runs it (prepared statements only). */
  name: string;
}

const statements = new Map<string, Statement>();
const STATEMENT_CACHE = 2000;

/** `?` → `$n` once per statement text: the request path sends the same few texts over and over. */
function statementOf(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = { text: toPositional(sql), name: `tss_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}` };
    if (statements.size >= STATEMENT_CACHE) statements.clear();
    statements.set(sql, statement);
  }
  return statement;
}

/** `?` placeholders → `$1…$n`, leaving any `?` inside a quoted literal or identifier alone. */
export function toPositional(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

export interface QueryOptions {
  /**
   * Run as a named prepared statement (parsed and planned once per connection). Only for statements
   * whose result columns never change — an explicit column list over system tables, never `select *`
   * of an object table, whose columns change with metadata.
   */
  prepare?: boolean;
}

interface PooledClient {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(connection: pg.Client): Promise<void>;
}

/**
 * Runs one parameterised statement and returns its rows. Inside a transaction it goes through the
 * transaction; otherwise it borrows a connection from knex's pool and sends the statement itself,
 * which spares the request path knex's per-query machinery (measured: about a third of its cost).
 * Values are always bound; identifiers must already be quoted with quoteIdent.
 */
export async function query<T = Record<string, unknown>>(db: Knex | Knex.Transaction, sql: string, bindings: readonly unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
  if ((db as Knex.Transaction).isTransaction) {
    const result = await db.raw<{ rows: T[] }>(sql, bindings as Knex.RawBinding[]);
    return result.rows;
  }
  const client = db.client as unknown as PooledClient;
  const connection = await client.acquireConnection();
  try {
    const statement = statementOf(sql);
    const result = options.prepare
      ? await connection.query({ name: statement.name, text: statement.text, values: bindings as unknown[] })
      : await connection.query(statement.text, bindings as unknown[]);
    return result.rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}
