import { qualify, type Knex } from '../db/index.ts';
import type { DiagramPositions } from './diagram-positions.ts';

interface PositionRow {
  object: string;
  x: number;
  y: number;
}

/** The saved positions of one diagram of the tenant (e.g. 'er'), shared by its admins. */
export async function loadDiagramPositions(db: Knex, schema: string, diagram: string): Promise<DiagramPositions> {
  const result = await db.raw<{ rows: PositionRow[] }>(`select object, x, y from ${qualify(schema, '_designer_layout')} where diagram = ? order by object`, [diagram]);
  return Object.fromEntries(result.rows.map((r) => [r.object, { x: Number(r.x), y: Number(r.y) }]));
}

/**
 * Replaces the diagram's positions with these (checked by `parseDiagramPositions`) in one transaction:
 * a box left out has no saved place any more and is laid out automatically.
 */
export async function saveDiagramPositions(db: Knex, schema: string, diagram: string, positions: DiagramPositions, actorId: string | null): Promise<void> {
  const table = qualify(schema, '_designer_layout');
  await db.transaction(async (trx) => {
    // Saves one after the other: two at once would each delete what they saw, then both insert the same
    // (diagram, object) keys — a unique violation, or a mix of two arrangements. Readers are not blocked.
    await trx.raw(`lock table ${table} in share row exclusive mode`);
    await trx.raw(`delete from ${table} where diagram = ?`, [diagram]);
    const entries = Object.entries(positions);
    if (entries.length === 0) return;
    // One statement for up to 1000 boxes: the rows bound as one JSON parameter.
    await trx.raw(
      `insert into ${table} (diagram, object, x, y, updated_by)
       select ?, p.o, p.x, p.y, ?::uuid from jsonb_to_recordset(?::jsonb) as p(o text, x float8, y float8)`,
      [diagram, actorId, JSON.stringify(entries.map(([o, p]) => ({ o, x: p.x, y: p.y })))],
    );
  });
}
