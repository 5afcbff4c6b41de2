import { qualify, query, quoteIdent, type Knex } from '../db/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { recomputeStatement, rollupDependencies } from '../schema/index.ts';

/** A roll-up of `parent` summarising the object it is indexed under. */
interface RollupOver {
  parent: string;
  field: FieldDef;
  via: string;
  /** Child fields a write must touch for the value to change; 'any' when a formula is read (its inputs are not listed). */
  reads: Set<string> | 'any';
}

interface RollupIndex {
  byChild: Map<string, RollupOver[]>;
  statements: Map<string, { sql: string; bindings: unknown[] }>;
}

/** Every write bumps these; a filter reading one follows every write. */
const WRITTEN_BY_EVERY_SAVE = ['version', 'updated_at', 'updated_by'];
/** Roll-ups of roll-ups are followed up to this many levels (cycles are refused when saved). */
const MAX_LEVELS = 10;

const indexes = new WeakMap<CompiledModel, RollupIndex>();

function indexOf(model: CompiledModel): RollupIndex {
  let index = indexes.get(model);
  if (index) return index;
  index = { byChild: new Map(), statements: new Map() };
  for (const parent of model.objects.values()) {
    for (const { def } of parent.fields) {
      if (def.type !== 'rollup' || !def.child_object || !def.via) continue;
      const child = model.objects.get(def.child_object);
      const names = rollupDependencies(def, model.operators);
      const computed = names.some((name) => child?.byName.get(name)?.type.computed !== undefined);
      const list = index.byChild.get(def.child_object) ?? [];
      list.push({ parent: parent.def.api_name, field: def, via: def.via, reads: computed ? 'any' : new Set(names) });
      index.byChild.set(def.child_object, list);
    }
  }
  indexes.set(model, index);
  return index;
}

/** Does a write of `object` have roll-ups to maintain? Then it must run in a transaction. */
export function feedsRollups(model: CompiledModel, object: string): boolean {
  return (indexOf(model).byChild.get(object)?.length ?? 0) > 0;
}

/** What a new record's own roll-ups hold before it has children: 0 for count and sum (min and max stay empty). */
export function rollupStartColumns(object: CompiledObject): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const { def } of object.fields) if (def.type === 'rollup' && (def.function === 'count' || def.function === 'sum')) columns[def.api_name] = 0;
  return columns;
}

export interface RollupTouch {
  /** Records of the object that were inserted, changed, moved to the recycle bin or restored. */
  ids: string[];
  /** Their lookup values before the change, when it may have moved them to other parents. */
  previous?: Array<Record<string, unknown>>;
  /** The fields the change wrote; absent: all of them (insert, bin, restore). */
  changed?: Iterable<string>;
}

function statementFor(model: CompiledModel, parent: string, fields: FieldDef[], ids: string[]): { sql: string; bindings: unknown[] } {
  const { statements } = indexOf(model);
  const key = `${parent}\u0000${fields.map((f) => f.api_name).join('\u0000')}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = recomputeStatement({ schema: model.tenant.schema, metadata: model.metadata, registry: model.registry, operators: model.operators }, parent, fields, []);
    statements.set(key, statement);
  }
  // The ids are the statement's last binding.
  return { sql: statement.sql, bindings: [...statement.bindings.slice(0, -1), ids] };
}

/**
 * Step 8 of the save pipeline (DESIGN.md), inside the save's transaction: recomputes — never
 * increments — the roll-ups over `object` on every parent the touched records point at now or pointed at
 * before, with one UPDATE per parent object. The parents are locked first, in id order, by a statement of
 * their own: a concurrent save of a sibling then finishes before this one reads the children, so the
 * sum it writes counts both. Locks are FOR NO KEY UPDATE, which the foreign-key checks of inserting
 * children do not wait for. Parents' versions are not bumped (see docs/field-types.md). Roll-ups over
 * the parents' recomputed roll-ups follow.
 */
export async function refreshRollups(db: Knex | Knex.Transaction, model: CompiledModel, object: string, touch: RollupTouch, level = 0): Promise<void> {
  const changed = touch.changed ? new Set([...touch.changed, ...WRITTEN_BY_EVERY_SAVE]) : undefined;
  const affected = (indexOf(model).byChild.get(object) ?? []).filter((r) => !changed || r.reads === 'any' || [...r.reads].some((name) => changed.has(name)));
  if (affected.length === 0 || touch.ids.length === 0 || level > MAX_LEVELS) return;
  const schema = model.tenant.schema;
  const vias = [...new Set(affected.map((r) => r.via))];
  const rows = await query(db, `select ${vias.map(quoteIdent).join(', ')} from ${qualify(schema, object)} where ${quoteIdent('id')} = any(?::uuid[])`, [touch.ids]);
  const parents = new Map<string, { fields: FieldDef[]; ids: Set<string> }>();
  for (const rollup of affected) {
    const entry = parents.get(rollup.parent) ?? { fields: [], ids: new Set<string>() };
    entry.fields.push(rollup.field);
    for (const row of [...rows, ...(touch.previous ?? [])]) {
      const id = row[rollup.via];
      if (typeof id === 'string') entry.ids.add(id);
    }
    parents.set(rollup.parent, entry);
  }
  for (const [parent, { fields, ids }] of [...parents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = [...ids].sort();
    if (list.length === 0) continue;
    await query(db, `select ${quoteIdent('id')} from ${qualify(schema, parent)} where ${quoteIdent('id')} = any(?::uuid[]) order by ${quoteIdent('id')} for no key update`, [list]);
    const { sql, bindings } = statementFor(model, parent, fields, list);
    await query(db, sql, bindings);
    await refreshRollups(db, model, parent, { ids: list, changed: fields.map((f) => f.api_name) }, level + 1);
  }
}
