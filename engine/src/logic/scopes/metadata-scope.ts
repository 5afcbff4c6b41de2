import type { JsonSchema } from '../../kernel/index.ts';
import { quoteIdent } from '../../db/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../../metadata/index.ts';
import type { ColumnSpec, ComputedValue, FieldTypeRegistry } from '../../field-types/index.ts';
import type { LogicType, ResolvedVar, RuleContext, RuleScope, SqlExpr, SqlFragment, SqlKind } from '../types.ts';
import { expr, jl } from '../sql/convert.ts';
import type { OperatorRegistry } from '../operator-registry.ts';
import { createBuiltinOperators } from '../builtin-operators.ts';
import { compileFormula, FORMULA_LOGIC_TYPE } from '../sql/formula-sql.ts';

export interface MetadataScopeOptions {
  metadata: TenantMetadata;
  registry: FieldTypeRegistry;
  /** The object whose records the rule reads. */
  object: string;
  /** The tenant schema: lookups read their target's table. */
  schema: string;
  /**
   * The record's table alias in the statement (default: the table's name, right for an unaliased
   * `from schema.table`). Columns are always qualified, so a lookup's subquery cannot capture them.
   */
  alias?: string;
  /** How many lookups a path may follow (customer.owner.name is 2). */
  maxLookups?: number;
  /**
   * An extra condition on the rows a lookup may read (the reader's access to the target), over the
   * target's table under `alias`; null or undefined: every row. A target row it excludes reads as an
   * empty lookup. Kept a callback so logic/ knows nothing of access.
   */
  lookupCondition?: (target: string, alias: string) => SqlFragment | null | undefined;
  /**
   * The operators formula fields compile with: their rule becomes SQL in place of a column, here and
   * through lookups (default: the built-in operators).
   */
  operators?: OperatorRegistry;
  /** 'type': formula fields are known by their type only, without compiling them (default 'sql'). */
  formulas?: 'sql' | 'type';
  /** The clock and time zone formulas are compiled with (`today` in a formula). */
  ctx?: Partial<RuleContext>;
}

/** Variables of one object's records: its fields, the system fields, and fields of looked-up records. */
export function metadataScope(options: MetadataScopeOptions): RuleScope {
  const objects = new Map(options.metadata.objects.filter((o) => !o.archived).map((o) => [o.api_name, o]));
  const maxLookups = options.maxLookups ?? 2;

  const column = (alias: string | undefined, name: string) => (alias ? `${quoteIdent(alias)}.${quoteIdent(name)}` : quoteIdent(name));

  const resolveIn = (object: ObjectDef, alias: string | undefined, segments: string[], depth: number): ResolvedVar | undefined => {
    const [name = '', ...rest] = segments;
    const system = Object.hasOwn(SYSTEM, name) ? SYSTEM[name] : undefined;
    if (system) return rest.length === 0 ? { type: system.type, sql: { ...expr(column(alias, name), [], system.kind, system.nullable), column: true, integer: system.integer } } : undefined;
    const field = object.fields.find((f) => f.api_name === name && !f.archived);
    const type = field ? options.registry.get(field.type) : undefined;
    if (!field || !type) return undefined;
    if (type.computed) return rest.length === 0 ? formula(object, field, type.computed, alias, depth) : undefined;
    const columns = type.columns(field);
    const schema = type.valueSchema(field);
    if (rest.length === 0) {
      const only = columns.length === 1 ? columns[0] : undefined;
      // A composite value (currency: {amount, currency}) is read in parts, e.g. budget.amount.
      if (!only) return { type: 'any' };
      return { type: logicType(schema), element: elementType(schema), sql: columnExpr(column(alias, only.name), only) };
    }
    if (columns.length > 1 && rest.length === 1) return compositePart(field, columns, schema, rest[0] as string, alias, column);
    const only = columns[0];
    if (columns.length !== 1 || !only) return undefined;
    if (only.sqlType === 'jsonb') {
      const value = expr(`${jl('get')}(${column(alias, only.name)}, ?::text[])`, [rest], 'jsonb', true);
      return { type: 'any', sql: value, missing: { sql: `(${value.sql} is null)`, bindings: value.bindings } };
    }
    const target = only.references && !only.references.table.startsWith('_') ? objects.get(only.references.table) : undefined;
    if (!target || depth >= maxLookups) return undefined;
    const fk = column(alias, only.name);
    // customer.id is the lookup's own column: no need to read the target.
    if (rest.length === 1 && rest[0] === 'id') return { type: 'string', sql: { ...expr(fk, [], 'uuid', true), column: true }, missing: { sql: `(${fk} is null)`, bindings: [] } };
    const inner = `jl_l${depth + 1}`;
    const resolved = resolveIn(target, inner, rest, depth + 1);
    if (!resolved?.sql) return resolved ? { type: resolved.type, element: resolved.element } : undefined;
    const from = `${quoteIdent(options.schema)}.${quoteIdent(target.api_name)} as ${quoteIdent(inner)}`;
    const extra = options.lookupCondition?.(target.api_name, inner);
    const where = `${quoteIdent(inner)}.${quoteIdent('id')} = ${fk}${extra ? ` and (${extra.sql})` : ''}`;
    const whereBindings = extra?.bindings ?? [];
    const sub = expr(`(select ${resolved.sql.sql} from ${from} where ${where})`, [...resolved.sql.bindings, ...whereBindings], resolved.sql.kind, true);
    // A row the condition hides is as absent as no row: the lookup reads as empty (missing).
    const missing = resolved.missing
      ? { sql: `(${fk} is null or ${extra ? 'coalesce(' : ''}(select ${resolved.missing.sql} from ${from} where ${where})${extra ? ', true)' : ''})`, bindings: [...resolved.missing.bindings, ...whereBindings] }
      : extra
        ? { sql: `(${fk} is null or not exists (select 1 from ${from} where ${where}))`, bindings: [...whereBindings] }
        : { sql: `(${fk} is null)`, bindings: [] };
    return { type: resolved.type, element: resolved.element, sql: sub, missing };
  };

  // A formula reads the record it belongs to (at the same lookup depth, so its own lookups count toward
  // the limit); one being compiled cannot read itself again: a cycle resolves to nothing.
  const compiling = new Set<string>();
  let operators: OperatorRegistry | undefined;
  const compiled = new Map<string, ResolvedVar | undefined>();
  const formula = (object: ObjectDef, field: FieldDef, computed: ComputedValue, alias: string | undefined, depth: number): ResolvedVar | undefined => {
    const returnType = computed.returnType(field);
    const type = FORMULA_LOGIC_TYPE[returnType];
    const key = `${object.api_name}.${field.api_name}`;
    if (compiling.has(key)) return undefined;
    if (options.formulas === 'type') return { type };
    // Compiled once per place in the statement: a rule reading it twice (and checking before compiling) reuses it.
    const place = `${key}@${alias ?? ''}#${depth}`;
    if (compiled.has(place)) return compiled.get(place);
    operators ??= options.operators ?? createBuiltinOperators();
    compiling.add(key);
    let resolved: ResolvedVar | undefined;
    try {
      const scope: RuleScope = { resolveVar: (path) => (path === '' ? undefined : resolveIn(object, alias, path.split('.'), depth)) };
      const sql = compileFormula({ expression: computed.expression(field), returnType, scale: computed.scale(field) }, scope, { operators, ctx: options.ctx });
      // Formulas read by formulas are written out in place; past this, the statement is not worth building.
      resolved = sql.sql.length > MAX_FORMULA_SQL ? undefined : { type, sql };
    } catch {
      // A formula that no longer compiles (checked when saved, so only after a plugin went away), or whose
      // statement outgrew the call stack, reads as unknown.
      resolved = undefined;
    } finally {
      compiling.delete(key);
    }
    compiled.set(place, resolved);
    return resolved;
  };

  const root = objects.get(options.object);
  return {
    resolveVar(path) {
      if (!root || path === '') return path === '' && root ? { type: 'any' } : undefined;
      return resolveIn(root, options.alias ?? options.object, path.split('.'), 0);
    },
  };
}

/** The longest SQL a formula may compile to (schema/validate-formulas.ts refuses longer ones when saved). */
const MAX_FORMULA_SQL = 1024 * 1024;

const SYSTEM: Record<string, { type: LogicType; kind: SqlKind; nullable: boolean; integer?: boolean }> = {
  id: { type: 'string', kind: 'uuid', nullable: false },
  created_at: { type: 'datetime', kind: 'timestamptz', nullable: false },
  updated_at: { type: 'datetime', kind: 'timestamptz', nullable: false },
  created_by: { type: 'string', kind: 'uuid', nullable: true },
  updated_by: { type: 'string', kind: 'uuid', nullable: true },
  owner_id: { type: 'string', kind: 'uuid', nullable: true },
  version: { type: 'number', kind: 'numeric', nullable: false, integer: true },
};

/** The kind a column's SQL type is read as. */
function kindOf(sqlType: string): { kind: SqlKind; integer?: boolean; cast?: string } | undefined {
  if (sqlType === 'text') return { kind: 'text' };
  if (/^(char|varchar|character)/.test(sqlType)) return { kind: 'text', cast: 'text' };
  if (sqlType === 'bigint' || sqlType === 'integer' || sqlType === 'smallint') return { kind: 'numeric', integer: true };
  if (sqlType.startsWith('numeric')) return { kind: 'numeric' };
  if (sqlType === 'boolean' || sqlType === 'date' || sqlType === 'timestamptz' || sqlType === 'uuid' || sqlType === 'text[]' || sqlType === 'jsonb') return { kind: sqlType };
  return undefined;
}

function columnExpr(ref: string, spec: ColumnSpec): SqlExpr | undefined {
  const kind = kindOf(spec.sqlType);
  if (!kind) return undefined;
  return { ...expr(kind.cast ? `(${ref})::${kind.cast}` : ref, [], kind.kind, true), column: kind.cast === undefined, integer: kind.integer };
}

function compositePart(field: FieldDef, columns: ColumnSpec[], schema: JsonSchema, part: string, alias: string | undefined, column: (alias: string | undefined, name: string) => string): ResolvedVar | undefined {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const property = Object.hasOwn(properties, part) ? properties[part] : undefined;
  if (!property) return undefined;
  // By convention the extra columns are <field>__<part>; the remaining part lives in the field's own column.
  const spec = columns.find((c) => c.name === `${field.api_name}__${part}`) ?? columns.find((c) => c.name === field.api_name);
  // The whole value is null when its own column is: then the part is missing, as a path into null is.
  const own = columns.find((c) => c.name === field.api_name);
  const missing = own ? { sql: `(${column(alias, own.name)} is null)`, bindings: [] } : undefined;
  return spec ? { type: logicType(property), sql: columnExpr(column(alias, spec.name), spec), missing } : undefined;
}

function logicType(schema: JsonSchema): LogicType {
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'array';
    case 'string':
      return schema.format === 'date' ? 'date' : schema.format === 'date-time' ? 'datetime' : 'string';
    default:
      return 'any';
  }
}

function elementType(schema: JsonSchema): LogicType | undefined {
  return schema.type === 'array' ? logicType((schema.items ?? {}) as JsonSchema) : undefined;
}
