import { AppError, createAjv, type ErrorObject, type FieldError, type JsonSchema, type ValidateFunction } from '../kernel/index.ts';

const ajv = createAjv();
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  if (child) return path ? `${path}.${child}` : child;
  return path || 'body';
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'is not a known property';
  if (error.keyword === 'required') return 'is required';
  return error.message ?? 'is not valid';
}

/** Checks an admin API body against its JSON Schema; 422 naming every field that is wrong. */
export function checkInput<T>(schema: JsonSchema, body: unknown, what: string): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(body)) {
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    for (const error of validate.errors ?? []) {
      // anyOf reports each branch; one message per field is enough.
      const field = fieldOf(error);
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push({ field, message: messageOf(error) });
    }
    throw new AppError('validation_failed', `The ${what} is not valid`, { errors });
  }
  return body as T;
}

/** Throws 422 with the collected problems, if any. */
export function failIfAny(errors: FieldError[], what: string): void {
  if (errors.length) throw new AppError('validation_failed', `The ${what} is not valid`, { errors });
}
