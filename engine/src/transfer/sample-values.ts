import type { FieldError, JsonValue } from '../kernel/index.ts';
import type { ObjectDef } from '../metadata/index.ts';
import { DEPARTMENTS, USERS } from './package-schemas.ts';
import { at } from './package-errors.ts';
import type { PackageSource } from './read-package.ts';

/** Where a sample key was defined. */
export interface KeyInfo {
  object: string;
  file: string;
  index: number;
}

type Special = { $ref: string } | { $date: number } | { $datetime: { days: number; time: string } };

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

const isPlain = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `$`-value, its problem if it is malformed, or undefined for an ordinary value. */
function special(value: unknown): { value?: Special; problem?: string } | undefined {
  if (!isPlain(value) || !Object.keys(value).some((k) => k.startsWith('$'))) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value.$ref === 'string') return { value: { $ref: value.$ref } };
  if (keys.length === 1 && Number.isInteger(value.$date)) return { value: { $date: value.$date as number } };
  const dt = value.$datetime;
  if (keys.length === 1 && isPlain(dt) && Number.isInteger(dt.days) && typeof dt.time === 'string' && TIME.test(dt.time) && Object.keys(dt).length === 2) {
    return { value: { $datetime: { days: dt.days as number, time: dt.time } } };
  }
  return { problem: 'must be {"$ref": key}, {"$date": days} or {"$datetime": {"days": n, "time": "HH:MM+08:00"}}' };
}

/** The identity fields that may hold `$ref`s, and what they point at. */
const IDENTITY_REFS: Record<string, Record<string, string>> = {
  [DEPARTMENTS]: { parent_id: DEPARTMENTS },
  [USERS]: { department_id: DEPARTMENTS, manager_id: USERS },
};

/** What a `$ref` in this field must point at: an object's records, `_users` or `_departments`; undefined if none. */
export function refTarget(object: string, field: string, definition: ObjectDef | undefined): string | undefined {
  if (IDENTITY_REFS[object]) return IDENTITY_REFS[object][field];
  if (field === 'owner_id') return USERS;
  const def = definition?.fields.find((f) => f.api_name === field && !f.archived);
  if (def?.type === 'lookup') return def.target;
  if (def?.type === 'user') return USERS;
  return undefined;
}

/**
 * Checks every sample file before anything is written: keys are unique across the package, each record's
 * object exists, and every `$ref` names a key of the kind its field points at. Returns the key index.
 */
export function checkSampleData(files: PackageSource['sampleData'], objects: Map<string, ObjectDef>): { keys: Map<string, KeyInfo>; errors: FieldError[] } {
  const keys = new Map<string, KeyInfo>();
  const errors: FieldError[] = [];
  for (const { file, object, records } of files) {
    if (!IDENTITY_REFS[object] && !objects.has(object)) errors.push({ field: at(file, 'object'), message: `there is no object "${object}" in the package or the tenant`, code: 'object_not_found' });
    records.forEach((record, index) => {
      const key = record.$key;
      if (key === undefined) return;
      const first = keys.get(key);
      if (first) errors.push({ field: at(file, `records.${index}.$key`), message: `"${key}" is already the key of ${at(first.file, `records.${first.index}`)}`, code: 'duplicate_key' });
      else keys.set(key, { object, file, index });
    });
  }
  for (const { file, object, records } of files) {
    const definition = objects.get(object);
    records.forEach((record, index) => {
      for (const [field, value] of Object.entries(record)) {
        if (field === '$key') continue;
        const path = at(file, `records.${index}.${field}`);
        const found = special(value);
        if (!found) continue;
        if (found.problem) {
          errors.push({ field: path, message: found.problem, code: 'invalid_value' });
          continue;
        }
        if (!found.value || !('$ref' in found.value)) continue;
        const target = refTarget(object, field, definition);
        const info = keys.get(found.value.$ref);
        if (!target) errors.push({ field: path, message: 'a $ref fits only a lookup, a user field, owner_id or a department/manager', code: 'invalid_ref' });
        else if (!info) errors.push({ field: path, message: `no sample record has the key "${found.value.$ref}"`, code: 'unknown_key' });
        else if (info.object !== target) errors.push({ field: path, message: `"${found.value.$ref}" is a ${info.object} record, but this field points at ${target}`, code: 'invalid_ref' });
      }
    });
  }
  return { keys, errors };
}

/** YYYY-MM-DD plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ResolvedRecord {
  values: Record<string, JsonValue>;
  /** Lookups whose records are not created yet: set once they are. */
  deferred: Record<string, string>;
}

/** A sample record → the values to save: `$ref`s become ids (or deferred), relative dates become dates. */
export function resolveRecord(record: Record<string, JsonValue>, ids: Map<string, string>, today: string): ResolvedRecord {
  const values: Record<string, JsonValue> = {};
  const deferred: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (field === '$key') continue;
    const found = special(value)?.value;
    if (!found) values[field] = value;
    else if ('$ref' in found) {
      const id = ids.get(found.$ref);
      if (id) values[field] = id;
      else deferred[field] = found.$ref;
    } else if ('$date' in found) values[field] = addDays(today, found.$date);
    else {
      const time = found.$datetime.time.replace(/^(\d{2}:\d{2})(?=[Z+-])/, '$1:00');
      values[field] = `${addDays(today, found.$datetime.days)}T${time}`;
    }
  }
  return { values, deferred };
}
