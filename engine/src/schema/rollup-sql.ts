import { qualify, quoteIdent } from '../db/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { compileCondition, compileValue, metadataScope, type OperatorRegistry, type ResolvedVar, type RuleScope, type SqlFragment } from '../logic/index.ts';

/** Table aliases of a recompute statement; a lookup in the filter reads through jl_l* aliases of its own. */
export const PARENT_ALIAS = 'rollup_parent';
export const CHILD_ALIAS = 'rollup_child';

export interface RollupSqlContext {
  schema: string;
  metadata: TenantMetadata;
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
}

/** The child's records as a roll-up reads them: columns qualified with CHILD_ALIAS. */
export function childScope(ctx: RollupSqlContext, child: string): RuleScope {
  return metadataScope({ metadata: ctx.metadata, registry: ctx.registry, object: child, schema: ctx.schema, alias: CHILD_ALIAS, operators: ctx.operators });
}

/**
 * The `var` path a roll-up reads for its `field`: the field itself, or for a composite value (currency)
 * the part held in its primary column (the amount). Undefined when the child has no such readable field.
 */
export function summarisedVar(child: ObjectDef, name: string, scope: RuleScope, registry: FieldTypeRegistry): { path: string; resolved: ResolvedVar } | undefined {
  const resolved = scope.resolveVar(name);
  if (resolved?.sql) return { path: name, resolved };
  const field = child.fields.find((f) => f.api_name === name && !f.archived);
  const type = field ? registry.get(field.type) : undefined;
  if (!field || !type) return undefined;
  const primary = type.sortColumn(field);
  const properties = (type.valueSchema(field).properties ?? {}) as Record<string, unknown>;
  const columns = type.columns(field).map((c) => c.name);
  const part = Object.keys(properties).find((p) => (columns.includes(`${name}__${p}`) ? `${name}__${p}` : name) === primary);
  const partVar = part ? scope.resolveVar(`${name}.${part}`) : undefined;
  return part && partVar?.sql ? { path: `${name}.${part}`, resolved: partVar } : undefined;
}

const AGGREGATE_CAST = { number: 'numeric', date: 'date', datetime: 'timestamptz' } as const;

/**
 * One roll-up as a scalar subquery over the child table, for the parent row aliased PARENT_ALIAS:
 * binned children never count; count and sum of no children are 0, min and max null. The definition
 * has passed the save checks (schema/rollup-checks.ts).
 */
export function rollupValueSql(ctx: RollupSqlContext, field: FieldDef): SqlFragment {
  const child = ctx.metadata.objects.find((o) => o.api_name === field.child_object);
  if (!child || !field.via) throw new Error(`roll-up ${field.api_name} was saved without a valid child object`);
  const scope = childScope(ctx, child.api_name);
  const where: SqlFragment[] = [{ sql: `${quoteIdent(CHILD_ALIAS)}.${quoteIdent(field.via)} = ${quoteIdent(PARENT_ALIAS)}.${quoteIdent('id')} and ${quoteIdent(CHILD_ALIAS)}.${quoteIdent('deleted_at')} is null`, bindings: [] }];
  if (field.filter !== undefined) where.push(compileCondition(field.filter, scope, { operators: ctx.operators }));
  let aggregate: SqlFragment = { sql: 'count(*)', bindings: [] };
  if (field.function !== 'count') {
    const target = summarisedVar(child, field.field ?? '', scope, ctx.registry);
    if (!target) throw new Error(`roll-up ${field.api_name} was saved with an unreadable field`);
    const value = compileValue({ var: target.path }, scope, { operators: ctx.operators });
    const cast = AGGREGATE_CAST[field.return_type === 'date' || field.return_type === 'datetime' ? field.return_type : 'number'];
    // A double (from a formula) may be NaN, which no sum survives; it counts as no value.
    const sql = value.kind === 'float' ? `nullif((${value.sql})::numeric, 'NaN'::numeric)` : `(${value.sql})::${cast}`;
    aggregate = field.function === 'sum' ? { sql: `coalesce(sum(${sql}), 0)`, bindings: value.bindings } : { sql: `${field.function === 'min' ? 'min' : 'max'}(${sql})`, bindings: value.bindings };
  }
  return {
    sql: `(select ${aggregate.sql} from ${qualify(ctx.schema, child.api_name)} as ${quoteIdent(CHILD_ALIAS)} where ${where.map((w) => `(${w.sql})`).join(' and ')})`,
    bindings: [...aggregate.bindings, ...where.flatMap((w) => w.bindings)],
  };
}

/**
 * One UPDATE recomputing `fields` (roll-ups of `parent`) for the parents in `ids`, or for every row
 * (binned ones included, so a restored record comes back right) when `ids` is undefined.
 */
export function recomputeStatement(ctx: RollupSqlContext, parent: string, fields: FieldDef[], ids?: string[]): SqlFragment {
  const sets = fields.map((field) => ({ field, value: rollupValueSql(ctx, field) }));
  const sql = `update ${qualify(ctx.schema, parent)} as ${quoteIdent(PARENT_ALIAS)} set ${sets.map((s) => `${quoteIdent(s.field.api_name)} = ${s.value.sql}`).join(', ')}${ids ? ` where ${quoteIdent(PARENT_ALIAS)}.${quoteIdent('id')} = any(?::uuid[])` : ''}`;
  return { sql, bindings: [...sets.flatMap((s) => s.value.bindings), ...(ids ? [ids] : [])] };
}
