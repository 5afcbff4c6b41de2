import { AppError, createAjv, type ErrorCode, type FieldError, type JsonSchema, type ValidateFunction } from '../kernel/index.ts';
import { checkApiName, commonFieldProperties, objectDefinitionSchema, withObject, type FieldDef, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { fieldValueSchema } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { layoutErrors } from './validate-layouts.ts';
import { listViewErrors } from './validate-list-views.ts';
import { ruleErrors } from './validate-rules.ts';
import { formulaErrors } from './validate-formulas.ts';
import { rollupErrors } from './rollup-checks.ts';

/** Field types that can name a record (shown in lists, lookups and search). */
const NAMEABLE = new Set(['text', 'autonumber', 'email', 'phone']);

const ajv = createAjv();
const objectValidator = ajv.compile(objectDefinitionSchema);
const fieldValidators = new WeakMap<object, ValidateFunction>();

function fieldValidator(registry: FieldTypeRegistry, type: string): ValidateFunction {
  const fieldType = registry.require(type);
  let validate = fieldValidators.get(fieldType);
  if (!validate) {
    const schema: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['api_name', 'type', 'label'],
      properties: { ...commonFieldProperties, ...fieldType.settings },
    };
    validate = ajv.compile(schema);
    fieldValidators.set(fieldType, validate);
  }
  return validate;
}

function ajvErrors(validate: ValidateFunction, prefix: string): FieldError[] {
  return (validate.errors ?? []).map((e) => {
    const path = [prefix, e.instancePath.replace(/^\//, '').replace(/\//g, '.'), e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : e.keyword === 'required' ? String(e.params.missingProperty) : '']
      .filter(Boolean)
      .join('.');
    const message = e.keyword === 'additionalProperties' ? 'is not a property of this field type or object' : (e.message ?? 'is not valid');
    return { field: path || prefix || 'body', message, code: 'invalid_metadata' };
  });
}

function checkField(field: FieldDef, prefix: string, registry: FieldTypeRegistry, objectExists: (name: string) => boolean): FieldError[] {
  const errors = checkApiName(field.api_name, `${prefix}.api_name`);
  const type = registry.get(field.type);
  if (!type) return [...errors, { field: `${prefix}.type`, message: `unknown field type "${String(field.type)}"`, code: 'unknown_field_type' }];
  const validate = fieldValidator(registry, field.type);
  if (!validate(field)) return [...errors, ...ajvErrors(validate, prefix)];
  if (field.unique && !type.supportsUnique) errors.push({ field: `${prefix}.unique`, message: `a ${field.type} field cannot be unique`, code: 'invalid_metadata' });
  if (field.indexed && !type.supportsIndex) errors.push({ field: `${prefix}.indexed`, message: `a ${field.type} field cannot be indexed`, code: 'invalid_metadata' });
  if (field.searchable && !type.searchable) errors.push({ field: `${prefix}.searchable`, message: `a ${field.type} field cannot be searched (docs/search.md lists the types)`, code: 'invalid_metadata' });
  if (type.generated && field.default !== undefined) errors.push({ field: `${prefix}.default`, message: 'a generated field has no default', code: 'invalid_metadata' });
  for (const e of type.check?.(field, { objectExists }) ?? []) {
    errors.push({ ...e, field: `${prefix}.${e.field}`, code: e.code ?? (e.field === 'target' ? 'lookup_target_missing' : 'invalid_metadata') });
  }
  if (errors.length === 0) {
    for (const column of type.columns(field)) {
      if (column.name.length > 63) errors.push({ field: `${prefix}.api_name`, message: `is too long for a ${field.type} field (its column "${column.name}" exceeds 63 characters)`, code: 'invalid_name' });
    }
    if (field.default !== undefined && field.default !== null) {
      const validateDefault = ajv.compile(fieldValueSchema(type, field));
      if (!validateDefault(field.default)) errors.push({ field: `${prefix}.default`, message: 'is not a valid value of this field', code: 'invalid_metadata' });
    }
  }
  return errors;
}

/**
 * Strings holding U+0000 anywhere in a definition (labels, descriptions, defaults): jsonb cannot store
 * them, so they are refused here, by path, instead of failing the write. `api_name` has its own check.
 */
function nulErrors(value: unknown, prefix: string, path: string[] = []): FieldError[] {
  const at = () => [prefix, path.join('/')].filter(Boolean).join('.') || 'body';
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: at(), message: 'must not contain the NUL character (\\u0000)', code: 'invalid_metadata' }] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key.includes('\u0000') ? [{ field: at(), message: 'has a key with the NUL character (\\u0000)', code: 'invalid_metadata' }] : path.length === 0 && key === 'api_name' ? [] : nulErrors(item, prefix, [...path, key]),
  );
}

const CODE_PRIORITY: ErrorCode[] = ['unknown_field_type', 'lookup_target_missing', 'reserved_name', 'invalid_name', 'duplicate_name'];

/** Throws one error carrying every problem of the definition, with the most specific stable code. */
function fail(errors: FieldError[]): never {
  const code = CODE_PRIORITY.find((c) => errors.some((e) => e.code === c)) ?? 'invalid_metadata';
  throw new AppError(code, `The definition has ${errors.length} problem(s): ${errors[0]?.field} ${errors[0]?.message}`, { errors });
}

/**
 * Checks an object definition against the metadata-of-metadata schemas, the names rules, each field's
 * type settings and semantic checks (lookup targets exist in `metadata` or are the object itself).
 */
export function validateObject(object: ObjectDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): void {
  const apiName: unknown = object.api_name;
  if (!objectValidator(object)) {
    // A missing or non-string api_name is a naming problem (invalid_name), whatever else is wrong.
    const nameErrors = checkApiName(apiName);
    fail([...nameErrors, ...ajvErrors(objectValidator, '').filter((e) => nameErrors.length === 0 || e.field !== 'api_name')]);
  }
  const { fields: _fields, ...objectProperties } = object;
  const errors: FieldError[] = [...checkApiName(object.api_name), ...nulErrors(objectProperties, '')];
  const objectExists = (name: string) => name === object.api_name || metadata.objects.some((o) => o.api_name === name);
  const seen = new Set<string>();
  for (const field of object.fields) {
    const prefix = `fields.${typeof field.api_name === 'string' ? field.api_name : '?'}`;
    if (seen.has(field.api_name)) errors.push({ field: `${prefix}.api_name`, message: 'is used by two fields', code: 'duplicate_name' });
    seen.add(field.api_name);
    errors.push(...checkField(field, prefix, registry, objectExists), ...nulErrors(field, prefix));
  }
  const nameField = object.fields.find((f) => f.api_name === object.name_field);
  if (!nameField) errors.push({ field: 'name_field', message: `"${object.name_field}" is not a field of this object`, code: 'invalid_metadata' });
  else if (nameField.archived || !NAMEABLE.has(nameField.type)) errors.push({ field: 'name_field', message: `must be an active field of type ${[...NAMEABLE].join(', ')}`, code: 'invalid_metadata' });
  // The rule checks read the metadata as this change would leave it.
  const next = withObject(metadata, object);
  for (const check of [layoutErrors, listViewErrors, ruleErrors, formulaErrors, rollupErrors]) {
    if (errors.length === 0) errors.push(...check(object, next, registry, operators));
  }
  if (errors.length > 0) fail(errors);
}
