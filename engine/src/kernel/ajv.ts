import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The one way the engine makes an ajv instance: all errors, formats, and no type coercion. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, ...options });
  addFormats(ajv);
  return ajv;
}
export type { Ajv, ValidateFunction, ErrorObject } from 'ajv';
