import type { CompiledObject } from '../contracts/index.ts';
import type { FormulaReturnType } from '../field-types/index.ts';
import { invalid } from './aggregate-spec.ts';

/**
 * What an aggregate can do with a field depends on the column it is stored in, read from the field
 * type's own column list, so a type added later (a plugin's, a roll-up) aggregates by its column:
 * integer (bigint/integer), decimal (numeric), currency (an amount plus `<field>__currency`), date,
 * datetime (timestamptz), text, boolean, uuid (lookups, users), other (jsonb, arrays: count only).
 * A formula has no column: it is computed in the record source, and its kind is its declared return type.
 */
export type ColumnKind = 'integer' | 'decimal' | 'currency' | 'date' | 'datetime' | 'text' | 'boolean' | 'uuid' | 'other';

export interface AggregateField {
  name: string;
  column: string;
  kind: ColumnKind;
  /** Can rows be grouped by it (sortable types; not decimals or amounts). */
  groupable: boolean;
  /** The ISO currency code column of a currency field. */
  currencyColumn?: string;
}

const SYSTEM: Record<string, ColumnKind> = {
  id: 'uuid',
  created_at: 'datetime',
  created_by: 'uuid',
  updated_at: 'datetime',
  updated_by: 'uuid',
  owner_id: 'uuid',
  version: 'integer',
};

const FORMULA_KINDS: Record<FormulaReturnType, ColumnKind> = { number: 'decimal', text: 'text', boolean: 'boolean', date: 'date', datetime: 'datetime' };

function kindOfSqlType(sqlType: string): ColumnKind {
  const type = sqlType.toLowerCase();
  if (type === 'bigint' || type === 'integer' || type === 'smallint') return 'integer';
  if (type.startsWith('numeric')) return 'decimal';
  if (type === 'date') return 'date';
  if (type === 'timestamptz' || type === 'timestamp with time zone') return 'datetime';
  if (type === 'text' || type.startsWith('varchar') || type.startsWith('char')) return 'text';
  if (type === 'boolean') return 'boolean';
  if (type === 'uuid') return 'uuid';
  return 'other';
}

/** A field (or system field) of the object as an aggregate sees it; 400 at `at` when it is not one or has no column. */
export function aggregateField(object: CompiledObject, name: string, at: string): AggregateField {
  const system = Object.hasOwn(SYSTEM, name) ? SYSTEM[name] : undefined;
  if (system) return { name, column: name, kind: system, groupable: name !== 'id' };
  const field = object.byName.get(name);
  if (!field) invalid(at, `"${name}" is not a field of "${object.def.api_name}"`);
  // A formula is a column of the record source (formula-source.ts), of the type it declares.
  if (field.type.computed) {
    const kind = FORMULA_KINDS[field.type.computed.returnType(field.def)];
    return { name, column: name, kind, groupable: kind !== 'decimal' };
  }
  const own = field.type.columns(field.def).find((c) => c.name === field.def.api_name);
  if (!own) invalid(at, `"${name}" (${field.def.type}) is not stored in a column, so it cannot be aggregated`);
  if (field.def.type === 'currency') return { name, column: own.name, kind: 'currency', groupable: false, currencyColumn: `${own.name}__currency` };
  const kind = kindOfSqlType(own.sqlType);
  const sortable = field.type.sortColumn(field.def) !== null;
  return { name, column: own.name, kind, groupable: sortable && kind !== 'decimal' && kind !== 'other' };
}
