import { qualify, type Knex } from '../db/index.ts';

/**
 * The next number of a counter, counting from 1 in each period (the field type applies its `start`),
 * taken inside the caller's transaction: the row lock serialises concurrent inserts and a rollback
 * returns the number, so the sequence has no gaps.
 */
export async function nextNumber(trx: Knex.Transaction, schema: string, object: string, field: string, period: string): Promise<number> {
  const table = qualify(schema, '_autonumbers');
  const result = await trx.raw<{ rows: Array<{ value: number }> }>(
    `insert into ${table} as c (object, field, period, value) values (?, ?, ?, ?)
     on conflict (object, field, period) do update set value = c.value + 1 returning value`,
    [object, field, period, 1],
  );
  return Number(result.rows[0]?.value);
}
