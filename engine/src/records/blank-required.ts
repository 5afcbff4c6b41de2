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

export interface CheckedPayload {
  /** The values that passed (all of them when `errors` is empty). */
  values: Record<string, unknown>;
  /** Every field system validation refused. */
  errors: FieldError[];
}

/** The values of a payload that passed system validation, when others did not: validation rules still run on them. */
function validParts(object: CompiledObject, input: Record<string, unknown>, errors: FieldError[]): Record<string, unknown> {
  const refused = new Set(errors.map((e) => e.field));
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (refused.has(name)) continue;
    if (name === 'owner_id') {
      if (value === null || typeof value === 'string') values[name] = value;
      continue;
    }
    const field = object.byName.get(name);
    if (field && !field.type.generated && !field.type.computed && (value === null || field.isValue(value))) values[name] = value;
  }
  return values;
}

/**
 * System validation (step 5 of the save pipeline, first half): the payload of a create or update against
 * the object's schema and for blank required values. Every problem is reported, with the values that
 * passed, so validation rules can run beside them; a body that is not an object is refused at once.
 */
export function checkPayload(object: CompiledObject, input: unknown, mode: 'create' | 'update'): CheckedPayload {
  const checked = mode === 'create' ? object.checkCreate(input) : object.checkUpdate(input);
  const reported = checked.ok ? [] : checked.errors;
  const blank = blankRequired(object, input, reported);
  if (checked.ok && blank.length === 0) return { values: checked.value, errors: [] };
  const errors = [...reported, ...blank];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AppError('validation_failed', `The ${object.def.api_name} is not valid`, { errors });
  return { values: validParts(object, input as Record<string, unknown>, errors), errors };
}
