import { AppError, type FieldError } from '../kernel/index.ts';
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

/**
 * The payload of a create or update, checked against the object's schema and for blank required values:
 * every problem in one 422, or the validated values.
 */
export function validatedPayload(object: CompiledObject, input: unknown, mode: 'create' | 'update'): Record<string, unknown> {
  const checked = mode === 'create' ? object.checkCreate(input) : object.checkUpdate(input);
  const reported = checked.ok ? [] : checked.errors;
  const blank = blankRequired(object, input, reported);
  if (!checked.ok || blank.length) throw new AppError('validation_failed', `The ${object.def.api_name} is not valid`, { errors: [...reported, ...blank] });
  return checked.value;
}
