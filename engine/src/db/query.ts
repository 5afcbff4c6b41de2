import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Knex } from './knex.ts';
import { isoTimestampTypes } from './pg-types.ts';

interface Statement {
  text: string;
  /** The name it is prepared under on each connection that runs it (prepared statements only). */
  name: string;
  /** How often it was sent (for `prepareAt`). */
  uses: number;
}

const statements = new Map<string, Statement>();
const STATEMENT_CACHE = 2000;
/** A statement of a shape that changes with metadata is prepared once it has been sent this often: the shapes that recur (list views, the UI's filters), not one-off queries. */
const HOT = 3;
/** Prepared statements one connection holds at most; past that they are all deallocated and prepared again as they recur. */
const PREPARED_PER_CONNECTION = 500;

/** `?` → `$n` once per statement text: the request path sends the same few texts over and over. */
function statementOf(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = { text: toPositional(sql), name: `tss_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, uses: 0 };
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
  /**
   * For statements over object tables (`select *`, whose columns change with metadata): the tenant's
   * metadata version. Once the statement has recurred it runs prepared under a name that includes the
   * version, so a metadata change (a new column) never meets a plan prepared before it.
   */
  prepareAt?: number;
  /**
   * Read timestamptz columns as ISO text (`…T…Z`) rather than Dates: for rows that become API answers,
   * sparing a Date per value (pg-types.ts). Only outside a transaction.
   */
  isoTimestamps?: boolean;
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
    const types = options.isoTimestamps ? isoTimestampTypes : undefined;
    const values = bindings as unknown[];
    const name = options.prepare ? statement.name : options.prepareAt !== undefined && ++statement.uses >= HOT ? `${statement.name}_${options.prepareAt}` : undefined;
    if (name === undefined) return (await connection.query({ text: statement.text, values, types })).rows as T[];
    await makeRoomToPrepare(connection, name);
    try {
      return (await connection.query({ name, text: statement.text, values, types })).rows as T[];
    } catch (err) {
      // A metadata change committed between reading the model and running its statement: run it unprepared.
      if (options.prepareAt === undefined || (err as { code?: string }).code !== STALE_PLAN) throw err;
      return (await connection.query({ text: statement.text, values, types })).rows as T[];
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/** "cached plan must not change result type" */
const STALE_PLAN = '0A000';

/** pg keeps the names a connection has prepared in `connection.parsedStatements`. */
type PreparingClient = pg.Client & { connection: { parsedStatements: Record<string, string> } };

/** Keeps a connection's prepared statements bounded: when a new one would pass the limit, all are deallocated first. */
async function makeRoomToPrepare(connection: pg.Client, name: string): Promise<void> {
  const parsed = (connection as PreparingClient).connection?.parsedStatements;
  if (parsed === undefined || name in parsed) return;
  let count = 0;
  for (const key in parsed) if (Object.hasOwn(parsed, key)) count += 1;
  if (count < PREPARED_PER_CONNECTION) return;
  await connection.query('deallocate all');
  for (const key of Object.keys(parsed)) delete parsed[key];
}
