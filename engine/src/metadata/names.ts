import type { FieldError } from '../kernel/index.ts';
import { SYSTEM_FIELDS } from './types.ts';

export const API_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** PostgreSQL's reserved key words (those that cannot be table or column names unquoted), and SQL's. */
const SQL_RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column
  concurrently constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from
  full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime
  localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right
  select session_user similar some symmetric system_user table tablesample then to trailing true union unique user using
  variadic verbose when where window with between bigint bit boolean char character coalesce dec decimal exists extract
  float greatest grouping inout int integer interval least national nchar none normalize nullif numeric out overlay
  position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat
  xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable delete insert update drop
  alter truncate begin commit rollback`.split(/\s+/),
);

/** Names the engine keeps for itself in every object and in the API. */
const ENGINE_RESERVED = new Set<string>([...SYSTEM_FIELDS, 'tenant', 'tenant_id', 'oid', 'ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'meta', 'records', 'api']);

/** Checks an API name; returns the problems, named after `property`. */
export function checkApiName(name: unknown, property = 'api_name'): FieldError[] {
  if (typeof name !== 'string') return [{ field: property, message: 'must be a string', code: 'invalid_name' }];
  if (!API_NAME.test(name)) {
    return [
      {
        field: property,
        message: 'must start with a lower-case letter and hold only lower-case letters, digits and _, at most 63 characters',
        code: 'invalid_name',
      },
    ];
  }
  if (name.includes('__') || name.endsWith('_')) return [{ field: property, message: 'must not contain "__" or end with "_" (kept for system columns)', code: 'invalid_name' }];
  if (SQL_RESERVED.has(name) || ENGINE_RESERVED.has(name)) return [{ field: property, message: `"${name}" is a reserved word`, code: 'reserved_name' }];
  return [];
}
