import type { FieldError } from '../kernel/index.ts';
import type { CompiledObject } from '../contracts/index.ts';

/**
 * Required fields given a value that is valid but stored as empty (blank text, markup that sanitises to
 * nothing): the schema accepts the string, yet the record would be saved without the value.
 */
export function blankRequired(object: CompiledObject, input: unknown, reported: FieldError[]): FieldError[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [];
  const values = input as Record<string, unknown>;
  const already = new Set(reported.map((e) => e.field));
  const errors: FieldError[] = [];
  for (const field of object.fields) {
    const name = field.def.api_name;
    const value = values[name];
    if (!field.def.required || field.type.generated || already.has(name) || value === undefined || value === null || !field.isValue(value)) continue;
    if (field.type.fromColumns(field.type.toColumns(value, field.def), field.def) === null) errors.push({ field: name, message: 'is required; a blank value does not count', code: 'required' });
  }
  return errors;
}
