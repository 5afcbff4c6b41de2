import { createAjv, type FieldError, type JsonSchema, type TenantRef, type ValidateFunction } from '../kernel/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { FieldType, FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { buildRecordSchemas, type RecordSchemas } from './record-schemas.ts';

export interface CompiledField {
  def: FieldDef;
  type: FieldType;
  /** Is this a valid (non-null) value of the field? Used to check filter values before they reach SQL. */
  isValue(value: unknown): boolean;
}

export type PayloadCheck = { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] };

export interface CompiledObject {
  def: ObjectDef;
  /** Active (not archived) fields in definition order. */
  fields: CompiledField[];
  byName: Map<string, CompiledField>;
  schemas: RecordSchemas;
  checkCreate(input: unknown): PayloadCheck;
  checkUpdate(input: unknown): PayloadCheck;
}

/** Everything the request path needs for one tenant at one metadata version, built once and cached. */
export interface CompiledModel {
  tenant: TenantRef;
  version: number;
  metadata: TenantMetadata;
  /** Active objects by API name. */
  objects: Map<string, CompiledObject>;
  /** The field types and rule operators this model was compiled with (rules compile against them). */
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
  /** Filled lazily by the OpenAPI builder. */
  openapi?: JsonSchema;
}

/** An ajv error's scalar parameters (limit, format, comparison), so a client can translate it by its code. */
function limitParams(params: Record<string, unknown>): { params?: Record<string, string | number> } {
  const scalar = Object.entries(params).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number');
  return scalar.length ? { params: Object.fromEntries(scalar) } : {};
}

/** ajv errors → one error per field, naming the field rather than a JSON pointer; code = the ajv keyword, with its params. */
function toFieldErrors(validate: ValidateFunction, object: string): FieldError[] {
  const errors = new Map<string, FieldError>();
  for (const e of validate.errors ?? []) {
    let field: string;
    let message: string;
    let code: string;
    let params: { params?: Record<string, string | number> } = {};
    if (e.keyword === 'additionalProperties' && e.instancePath === '') {
      field = String(e.params.additionalProperty);
      message = `is not a field of "${object}"`;
      code = 'unknown_field';
    } else if (e.keyword === 'required' && e.instancePath === '') {
      field = String(e.params.missingProperty);
      message = 'is required';
      code = 'required';
    } else {
      field = e.instancePath.split('/')[1] ?? 'body';
      // Inside a composite value (currency): name the field, and say which property is unknown.
      message = e.keyword === 'additionalProperties' ? `has no property "${String(e.params.additionalProperty)}"` : (e.message ?? 'is not valid');
      code = e.keyword;
      if (e.keyword !== 'additionalProperties') params = limitParams(e.params);
    }
    if (!errors.has(field)) errors.set(field, { field, message, code, ...params });
  }
  return [...errors.values()];
}

/** PostgreSQL text and jsonb cannot hold U+0000: such a value is refused here, naming its field, not by the database. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item));
  return false;
}

function compileObject(object: ObjectDef, registry: FieldTypeRegistry, ajv: ReturnType<typeof createAjv>): CompiledObject {
  const fields = object.fields
    .filter((f) => !f.archived)
    .map((def) => {
      const type = registry.require(def.type);
      const validateValue = ajv.compile(type.valueSchema(def));
      return { def, type, isValue: (value: unknown) => validateValue(value) && !holdsNul(value) };
    });
  const schemas = buildRecordSchemas(object, registry);
  const validateCreate = ajv.compile(schemas.create);
  const validateUpdate = ajv.compile(schemas.update);
  const check = (validate: ValidateFunction) => (input: unknown): PayloadCheck => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object of field values', code: 'type' }] };
    const valid = validate(input);
    const nul = Object.keys(input).filter((field) => holdsNul((input as Record<string, unknown>)[field]));
    if (valid && nul.length === 0) return { ok: true, value: input as Record<string, unknown> };
    const errors = valid ? [] : toFieldErrors(validate, object.api_name);
    for (const field of nul) if (!errors.some((e) => e.field === field)) errors.push({ field, message: 'must not contain the NUL character (\\u0000)', code: 'nul' });
    return { ok: false, errors };
  };
  return {
    def: object,
    fields,
    byName: new Map(fields.map((f) => [f.def.api_name, f])),
    schemas,
    checkCreate: check(validateCreate),
    checkUpdate: check(validateUpdate),
  };
}

/** Metadata → compiled model: record schemas and their ajv validators for every active object. */
export function compileModel(tenant: TenantRef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): CompiledModel {
  const ajv = createAjv();
  const objects = new Map<string, CompiledObject>();
  for (const object of metadata.objects) {
    if (!object.archived) objects.set(object.api_name, compileObject(object, registry, ajv));
  }
  return { tenant, version: metadata.version, metadata, objects, registry, operators };
}
