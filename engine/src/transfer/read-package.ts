import fs from 'node:fs/promises';
import path from 'node:path';
import { createAjv, isAppError, type FieldError, type JsonSchema, type JsonValue } from '../kernel/index.ts';
import { normalizeObjectInput, type LocalizedText, type ObjectDef } from '../metadata/index.ts';
import { manifestSchema, objectFileSchema, roleFileSchema, sampleDataFileSchema } from './package-schemas.ts';
import { at, invalidPackage, schemaErrors } from './package-errors.ts';

export interface PackageManifest {
  name: string;
  version: string;
  label: LocalizedText;
  description?: string | LocalizedText;
  requires?: Record<string, string>;
}

export type SampleRecord = { $key?: string } & Record<string, JsonValue>;

export interface PackageSource {
  dir: string;
  manifest: PackageManifest;
  /** Definitions normalised as the metadata API normalises them, by file. */
  objects: Array<{ file: string; definition: ObjectDef }>;
  roles: Array<{ file: string; input: Record<string, JsonValue> & { api_name: string } }>;
  sampleData: Array<{ file: string; object: string; records: SampleRecord[] }>;
}

const ajv = createAjv();
const validators = new Map<JsonSchema, ReturnType<typeof ajv.compile>>();
function validatorOf(schema: JsonSchema) {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** Parses one JSON file; a problem is recorded against the file and `undefined` returned. */
async function readJson(dir: string, file: string, errors: FieldError[]): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, file), 'utf8');
  } catch (err) {
    errors.push({ field: file, message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(err as Error).message})`, code: 'unreadable' });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    errors.push({ field: file, message: `is not valid JSON: ${(err as Error).message}`, code: 'invalid_json' });
    return undefined;
  }
}

/** `<folder>/*.json` in name order; a missing folder is an empty one. */
async function jsonFiles(dir: string, folder: string): Promise<string[]> {
  try {
    const names = await fs.readdir(path.join(dir, folder));
    return names.filter((n) => n.endsWith('.json')).sort().map((n) => `${folder}/${n}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function checked<T>(schema: JsonSchema, file: string, value: unknown, errors: FieldError[]): T | undefined {
  if (value === undefined) return undefined;
  const validate = validatorOf(schema);
  if (validate(value)) return value as T;
  errors.push(...schemaErrors(file, validate.errors));
  return undefined;
}

const baseName = (file: string) => path.posix.basename(file, '.json');

/**
 * Reads a package folder and checks every file against the package JSON Schemas. All problems are
 * collected and thrown at once as `invalid_package`, each naming its file and the path inside it.
 * What needs the tenant (lookups, rights, record values) is checked later, by the pipelines themselves.
 */
export async function readPackage(dir: string): Promise<PackageSource> {
  const errors: FieldError[] = [];
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw invalidPackage([{ field: dir, message: 'is not a package folder (a folder with manifest.json)', code: 'not_a_folder' }]);
  const manifest = checked<PackageManifest>(manifestSchema, 'manifest.json', await readJson(dir, 'manifest.json', errors), errors);

  const objects: PackageSource['objects'] = [];
  for (const file of await jsonFiles(dir, 'objects')) {
    const raw = checked<{ api_name: string }>(objectFileSchema, file, await readJson(dir, file, errors), errors);
    if (!raw) continue;
    if (raw.api_name !== baseName(file)) {
      errors.push({ field: at(file, 'api_name'), message: `must match the file name ("${baseName(file)}")`, code: 'file_name' });
      continue;
    }
    try {
      objects.push({ file, definition: normalizeObjectInput(raw) });
    } catch (err) {
      if (!isAppError(err)) throw err;
      errors.push(...(err.errors ?? [{ field: '', message: err.message }]).map((e) => ({ ...e, field: at(file, e.field) })));
    }
  }
  if (objects.length === 0 && errors.length === 0) errors.push({ field: 'objects', message: 'holds no object definitions (objects/<api_name>.json)', code: 'empty' });

  const roles: PackageSource['roles'] = [];
  for (const file of await jsonFiles(dir, 'roles')) {
    const raw = checked<PackageSource['roles'][number]['input']>(roleFileSchema, file, await readJson(dir, file, errors), errors);
    if (!raw) continue;
    if (raw.api_name !== baseName(file)) errors.push({ field: at(file, 'api_name'), message: `must match the file name ("${baseName(file)}")`, code: 'file_name' });
    else roles.push({ file, input: raw });
  }

  const sampleData: PackageSource['sampleData'] = [];
  for (const file of await jsonFiles(dir, 'sample-data')) {
    const raw = checked<{ object: string; records: SampleRecord[] }>(sampleDataFileSchema, file, await readJson(dir, file, errors), errors);
    if (raw) sampleData.push({ file, object: raw.object, records: raw.records });
  }

  if (errors.length > 0 || !manifest) throw invalidPackage(errors);
  return { dir, manifest, objects, roles, sampleData };
}
