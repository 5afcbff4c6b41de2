import { qualify, quoteIdent } from '../db/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { compileFormula, metadataScope, type RuleContext, type SqlFragment } from '../logic/index.ts';

export interface FormulaSelectOptions {
  /** The clock and time zone formulas run with (`today`). */
  ctx?: Partial<RuleContext>;
  /** The alias the statement reads the object's table under (default: the table's name). */
  alias?: string;
}

const NONE: SqlFragment = { sql: '', bindings: [] };

/**
 * The formula fields of an object as select-list items — `, (<compiled rule>) as "<field>"` each — over
 * its table read under `alias`. Empty when the object has none. Used where rows are read (the record
 * source below) and written (`returning *` + these), so every answer carries its formula values.
 */
export function formulaSelect(model: CompiledModel, object: CompiledObject, options: FormulaSelectOptions = {}): SqlFragment {
  const formulas = object.fields.filter((f) => f.type.computed);
  if (formulas.length === 0) return NONE;
  const scope = metadataScope({ metadata: model.metadata, registry: model.registry, object: object.def.api_name, schema: model.tenant.schema, alias: options.alias, operators: model.operators, ctx: options.ctx });
  const items = formulas.map((f) => {
    const computed = f.type.computed as NonNullable<typeof f.type.computed>;
    const value = compileFormula({ expression: computed.expression(f.def), returnType: computed.returnType(f.def), scale: computed.scale(f.def) }, scope, { operators: model.operators, ctx: options.ctx });
    return { sql: `, ${value.sql} as ${quoteIdent(f.def.api_name)}`, bindings: value.bindings };
  });
  return { sql: items.map((i) => i.sql).join(''), bindings: items.flatMap((i) => i.bindings) };
}

/**
 * What a read statement selects from: the object's table, or — when it has formula fields — a derived
 * table under the table's own name holding every column plus one column per formula. Filters, sorts,
 * keyset cursors and `select *` then treat a formula like any column; PostgreSQL flattens the derived
 * table, so indexes on real columns still apply.
 */
export function recordSource(model: CompiledModel, object: CompiledObject, options: Omit<FormulaSelectOptions, 'alias'> = {}): SqlFragment {
  const table = qualify(model.tenant.schema, object.def.api_name);
  const formulas = formulaSelect(model, object, options);
  if (formulas.sql === '') return { sql: table, bindings: [] };
  const name = quoteIdent(object.def.api_name);
  return { sql: `(select ${name}.*${formulas.sql} from ${table}) as ${name}`, bindings: formulas.bindings };
}
