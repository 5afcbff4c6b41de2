import type { JsonSchema } from '../../kernel/index.ts';
import { quoteIdent } from '../../db/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../../metadata/index.ts';
import type { ColumnSpec, FieldTypeRegistry } from '../../field-types/index.ts';
import type { LogicType, ResolvedVar, RuleScope, SqlExpr, SqlKind } from '../types.ts';
import { expr, jl } from '../sql/convert.ts';

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
}

/** Variables of one object's records: its fields, the system fields, and fields of looked-up records. */
export function metadataScope(options: MetadataScopeOptions): RuleScope {
  const objects = new Map(options.metadata.objects.filter((o) => !o.archived).map((o) => [o.api_name, o]));
  const maxLookups = options.maxLookups ?? 2;

  const column = (alias: string | undefined, name: string) => (alias ? `${quoteIdent(alias)}.${quoteIdent(name)}` : quoteIdent(name));

  const resolveIn = (object: ObjectDef, alias: string | undefined, segments: string[], depth: number): ResolvedVar | undefined => {
    const [name = '', ...rest] = segments;
    const system = SYSTEM[name];
    if (system) return rest.length === 0 ? { type: system.type, sql: { ...expr(column(alias, name), [], system.kind, system.nullable), column: true, integer: system.integer } } : undefined;
    const field = object.fields.find((f) => f.api_name === name && !f.archived);
    const type = field ? options.registry.get(field.type) : undefined;
    if (!field || !type) return undefined;
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
    const sub = expr(`(select ${resolved.sql.sql} from ${from} where ${quoteIdent(inner)}.${quoteIdent('id')} = ${fk})`, resolved.sql.bindings, resolved.sql.kind, true);
    const missing = resolved.missing ? { sql: `(${fk} is null or (select ${resolved.missing.sql} from ${from} where ${quoteIdent(inner)}.${quoteIdent('id')} = ${fk}))`, bindings: resolved.missing.bindings } : { sql: `(${fk} is null)`, bindings: [] };
    return { type: resolved.type, element: resolved.element, sql: sub, missing };
  };

  const root = objects.get(options.object);
  return {
    resolveVar(path) {
      if (!root || path === '') return path === '' && root ? { type: 'any' } : undefined;
      return resolveIn(root, options.alias ?? options.object, path.split('.'), 0);
    },
  };
}

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
