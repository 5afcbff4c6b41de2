import { formulaOutput } from '../field-types/index.ts';
import { evaluateRule, type EvaluateOptions } from '../logic/index.ts';
import type { CompiledObject } from './compiled-model.ts';

/**
 * The formula values of one record, computed in JavaScript with the meaning the SQL backend gives them
 * (the save pipeline uses it where the row is not in the database yet). `record` is the API's shape;
 * formulas that read lookups (`customer.level`) need those lookups expanded into nested records that
 * carry their own formula values. Formulas may read other formulas of the record: they are evaluated
 * until nothing changes (the metadata has no cycles, so at most one round per formula).
 * Returns the formula fields only, by API name.
 */
export function formulaValues(object: CompiledObject, record: Record<string, unknown>, options: EvaluateOptions): Record<string, unknown> {
  const formulas = object.fields.filter((f) => f.type.computed);
  const values: Record<string, unknown> = {};
  if (formulas.length === 0) return values;
  const data: Record<string, unknown> = { ...record };
  for (const f of formulas) data[f.def.api_name] = null;
  for (let round = 0; round <= formulas.length; round++) {
    let changed = false;
    for (const f of formulas) {
      const computed = f.type.computed as NonNullable<typeof f.type.computed>;
      const value = formulaOutput(evaluateRule(computed.expression(f.def), data, options), f.def);
      if (value !== data[f.def.api_name]) changed = true;
      data[f.def.api_name] = value;
      values[f.def.api_name] = value;
    }
    if (!changed) break;
  }
  return values;
}
