import { qualify, quoteIdent, type Knex } from '../db/index.ts';

/**
 * The ids from `id` up to the top of a tree kept in one table by a parent column (departments by
 * parent_id, users by manager_id), `id` included; at most 1,000 levels, so a damaged tree cannot loop.
 */
export async function chainUp(db: Knex, schema: string, table: '_departments' | '_users', parentColumn: 'parent_id' | 'manager_id', id: string): Promise<string[]> {
  const t = qualify(schema, table);
  const parent = quoteIdent(parentColumn);
  const result = await db.raw<{ rows: Array<{ id: string }> }>(
    `with recursive up(id, parent, depth) as (
       select id, ${parent}, 0 from ${t} where id = ?
       union all
       select n.id, n.${parent}, up.depth + 1 from ${t} n join up on n.id = up.parent where up.depth < 1000
     ) select id from up`,
    [id],
  );
  return result.rows.map((r) => r.id);
}
