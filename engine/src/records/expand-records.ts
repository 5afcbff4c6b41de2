import { query, type Knex } from '../db/index.ts';
import { planExpandFetch, VISIBLE, type ExpandStep, type LookupAccess } from '../query/index.ts';
import type { CompiledModel } from '../contracts/index.ts';
import type { RuleContext } from '../logic/index.ts';
import { shapeRecord } from './shape.ts';

type Row = Record<string, unknown>;

const idOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Replaces the ids of expanded lookups in a page of records with the records they point at: one
 * statement per expanded path for the whole page (ids batched), so a page costs the same whatever
 * its length. A looked-up record shows the fields the actor may read there; one they may not read
 * shows `{id}` only; a user shows `{id, name, email}`. `rows` are the page's table rows, `items` the
 * shaped records, in the same order.
 */
export async function expandRecords(db: Knex, model: CompiledModel, steps: ExpandStep[], lookups: LookupAccess, rows: Row[], items: Row[], ctx?: Partial<RuleContext>): Promise<void> {
  if (!steps.length || !rows.length) return;
  // Table rows fetched per path, by id; the rows a path's ids come from are its parent's.
  const fetched = new Map<string, Map<string, Row>>();
  for (const step of steps) {
    const sources = step.parent === '' ? rows : [...(fetched.get(step.parent)?.values() ?? [])].filter((row) => row[VISIBLE] === true);
    const ids = [...new Set(sources.map((row) => idOf(row[step.field])).filter((id): id is string => id !== undefined))];
    const byId = new Map<string, Row>();
    if (ids.length) {
      const plan = planExpandFetch(model, step, ids, lookups, ctx);
      for (const row of await query<Row>(db, plan.sql, plan.bindings)) byId.set(String(row.id), row);
    }
    fetched.set(step.path, byId);
  }

  const children = (parent: string) => steps.filter((s) => s.parent === parent);
  const build = (step: ExpandStep, value: unknown): unknown => {
    const id = idOf(value);
    if (id === undefined) return value ?? null;
    const row = fetched.get(step.path)?.get(id);
    if (step.kind === 'user') return row ? { id, name: row.name ?? null, email: row.email ?? null } : { id };
    const target = step.target ? model.objects.get(step.target) : undefined;
    const access = step.target ? lookups.get(step.target) : undefined;
    if (!row || row[VISIBLE] !== true || !target || !access) return { id };
    const record = shapeRecord(target, row, undefined, access.fields.readable);
    for (const child of children(step.path)) record[child.field] = build(child, row[child.field]);
    return record;
  };

  const top = children('');
  rows.forEach((row, i) => {
    const item = items[i];
    if (item) for (const step of top) item[step.field] = build(step, row[step.field]);
  });
}
