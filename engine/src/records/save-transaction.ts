import type { Knex } from '../db/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import type { RecordContext } from './record-context.ts';

/** Where a save's statements run: its transaction, or the pool for a create that is one INSERT. */
export type SaveDb = Knex | Knex.Transaction;

/**
 * Does a create write more than its own row? Generated values (a gap-free autonumber counter) and
 * anything maintained beside the row (roll-ups on parents, records/rollups.ts) must commit with it.
 */
export function createNeedsTransaction(object: CompiledObject): boolean {
  return object.fields.some((f) => f.type.generated);
}

/**
 * The one transaction of a save (DESIGN.md, "The save pipeline"): the row lock, the checks that read
 * the database (references, lookups the validation rules follow), the write, field history and roll-ups
 * commit or roll back together. A create whose only write is its INSERT runs without BEGIN/COMMIT — one
 * statement is atomic by itself — so the simple case keeps its single round trip.
 */
export function inSaveTransaction<T>(ctx: RecordContext, needed: boolean, work: (db: SaveDb) => Promise<T>): Promise<T> {
  return needed ? ctx.knex.transaction((trx) => work(trx)) : work(ctx.knex);
}
