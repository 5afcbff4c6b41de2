import type { JsonSchema } from '../kernel/index.ts';
import { localizedTextSchema } from '../metadata/index.ts';
import { roleCreateSchema } from '../access/index.ts';
import { RANGE_PATTERN, SEMVER_PATTERN } from './semver.ts';

/** Package names are like npm's unscoped names: lower-case letters, digits and hyphens. */
export const PACKAGE_NAME_PATTERN = '^[a-z][a-z0-9-]{0,62}$';

/** A sample record's stable external key, which `{"$ref": key}` values point at. */
export const SAMPLE_KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$';

/** Sample-data files for the tenant's identities rather than an object's records. */
export const DEPARTMENTS = '_departments';
export const USERS = '_users';

/** `manifest.json`. */
export const manifestSchema: JsonSchema = {
  $id: 'tessera:package-manifest',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'label'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: PACKAGE_NAME_PATTERN, description: 'Unique among packages; never changes' },
    version: { type: 'string', pattern: SEMVER_PATTERN, description: 'Semantic version: raise it with every change' },
    label: localizedTextSchema(200),
    description: { anyOf: [{ type: 'string', maxLength: 2000 }, localizedTextSchema(2000)] },
    requires: {
      type: 'object',
      description: 'Other packages this one needs installed first: name → version range (x.y.z, ^x.y.z, ~x.y.z, >=x.y.z, *)',
      propertyNames: { pattern: PACKAGE_NAME_PATTERN },
      additionalProperties: { type: 'string', pattern: RANGE_PATTERN },
    },
  },
};

/**
 * `objects/<api_name>.json`: an object definition as `POST /api/meta/objects` takes it. Only its shape is
 * checked here; the metadata pipeline checks the rest (names, field types and settings, lookups).
 */
export const objectFileSchema: JsonSchema = {
  $id: 'tessera:package-object',
  type: 'object',
  required: ['api_name'],
  properties: {
    api_name: { type: 'string' },
    fields: { type: 'array', items: { type: 'object', required: ['api_name', 'type'], properties: { api_name: { type: 'string' }, type: { type: 'string' } } } },
  },
};

/** `roles/<api_name>.json`: a role as `POST /api/admin/roles` takes it. */
export const roleFileSchema: JsonSchema = { $id: 'tessera:package-role', ...roleCreateSchema };

/**
 * `sample-data/*.json`: records of one object (or `_departments`, `_users` as the admin API takes them).
 * A record may carry `"$key"`; field values may be `{"$ref": key}` (the id of that sample record or user),
 * `{"$date": days}` and `{"$datetime": {"days": n, "time": "HH:MM"}}` (relative to the install date).
 */
export const sampleDataFileSchema: JsonSchema = {
  $id: 'tessera:package-sample-data',
  type: 'object',
  additionalProperties: false,
  required: ['object', 'records'],
  properties: {
    $schema: { type: 'string' },
    object: { type: 'string', pattern: `^(${DEPARTMENTS}|${USERS}|[a-z][a-z0-9_]{0,62})$` },
    records: {
      type: 'array',
      maxItems: 100000,
      items: { type: 'object', properties: { $key: { type: 'string', pattern: SAMPLE_KEY_PATTERN } } },
    },
  },
};
