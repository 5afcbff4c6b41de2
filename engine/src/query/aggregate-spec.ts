import { AppError } from '../kernel/index.ts';
import { API_NAME } from '../metadata/index.ts';

export const AGGREGATE_FNS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'] as const;
export type AggregateFn = (typeof AGGREGATE_FNS)[number];
export const DATE_BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];

export const MAX_GROUP_FIELDS = 3;
export const MAX_MEASURES = 10;
export const DEFAULT_GROUP_LIMIT = 100;
export const MAX_GROUP_LIMIT = 1000;

/** One grouping: a field, with a bucket for dates; `key` is its name in the answer (`field` or `field:bucket`). */
export interface GroupSpec {
  field: string;
  bucket?: DateBucket;
  key: string;
  /** Where it was given, for error messages (`aggregate.group_by.1`). */
  at: string;
}

/** One measure; `name` is its name in the answer (`as`, or `fn_field`, or `count`). */
export interface MeasureSpec {
  fn: AggregateFn;
  field?: string;
  name: string;
  at: string;
}

export interface AggregateSortKey {
  name: string;
  desc: boolean;
}

/** An aggregate request after its shape was checked (field names are checked against the object later). */
export interface AggregateSpec {
  groupBy: GroupSpec[];
  measures: MeasureSpec[];
  sort: AggregateSortKey[];
  limit: number;
}

/** 400 invalid_parameter naming the place in the request (`aggregate.measures.1.field`). */
export function invalid(at: string, message: string): never {
  throw new AppError('invalid_parameter', `${at} ${message}`, { errors: [{ field: at, message }] });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) invalid(`${at}.${key}`, `is not a property of ${at}`);
}

/** A field name is an API name: anything else is refused before it goes near the model or SQL. */
function fieldName(value: unknown, at: string): string {
  if (typeof value !== 'string') invalid(at, 'must be a field name (a string)');
  if (!API_NAME.test(value)) invalid(at, 'is not a field name (lower-case letters, digits and _, starting with a letter)');
  return value;
}

function parseGroup(item: unknown, at: string): GroupSpec {
  if (typeof item === 'string') return { field: fieldName(item, at), key: item, at };
  if (!isObject(item)) invalid(at, 'must be a field name or {field, bucket}');
  onlyKeys(item, ['field', 'bucket'], at);
  const field = fieldName(item.field, `${at}.field`);
  if (item.bucket === undefined) return { field, key: field, at };
  if (typeof item.bucket !== 'string' || !(DATE_BUCKETS as readonly string[]).includes(item.bucket)) invalid(`${at}.bucket`, `must be one of ${DATE_BUCKETS.join(', ')}`);
  const bucket = item.bucket as DateBucket;
  return { field, bucket, key: `${field}:${bucket}`, at };
}

function parseMeasure(item: unknown, at: string): MeasureSpec {
  if (!isObject(item)) invalid(at, 'must be {fn, field?, as?}');
  onlyKeys(item, ['fn', 'field', 'as'], at);
  if (typeof item.fn !== 'string' || !(AGGREGATE_FNS as readonly string[]).includes(item.fn)) invalid(`${at}.fn`, `must be one of ${AGGREGATE_FNS.join(', ')}`);
  const fn = item.fn as AggregateFn;
  const field = item.field === undefined ? undefined : fieldName(item.field, `${at}.field`);
  if (field === undefined && fn !== 'count') invalid(`${at}.field`, `is required for ${fn}`);
  if (item.as !== undefined && (typeof item.as !== 'string' || !API_NAME.test(item.as))) invalid(`${at}.as`, 'must be a name of lower-case letters, digits and _, starting with a letter');
  const name = (item.as as string | undefined) ?? (field === undefined ? fn : `${fn}_${field}`);
  return { fn, field, name, at };
}

function parseSortKeys(value: unknown, names: Set<string>): AggregateSortKey[] {
  if (value === undefined) return [];
  const at = 'aggregate.sort';
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : invalid(at, 'must be a comma-separated string or a list of names, "-" before a name for descending');
  if (items.length > MAX_GROUP_FIELDS + MAX_MEASURES) invalid(at, 'names too many keys');
  const keys: AggregateSortKey[] = [];
  for (const [i, item] of items.entries()) {
    if (typeof item !== 'string') invalid(`${at}.${i}`, 'must be a string');
    const text = item.trim();
    const desc = text.startsWith('-');
    const name = desc ? text.slice(1) : text;
    if (!names.has(name)) invalid(at, `"${name.slice(0, 80)}" is not a group key or measure of this aggregate`);
    if (keys.some((k) => k.name === name)) invalid(at, `names "${name}" twice`);
    keys.push({ name, desc });
  }
  return keys;
}

/** The `aggregate` parameter → an AggregateSpec, or 400 invalid_parameter naming the place (`aggregate.measures.1.field`). */
export function parseAggregateSpec(value: unknown): AggregateSpec {
  if (!isObject(value)) invalid('aggregate', 'must be an object {group_by?, measures, sort?, limit?}');
  onlyKeys(value, ['group_by', 'measures', 'sort', 'limit'], 'aggregate');
  const rawGroups = value.group_by ?? [];
  if (!Array.isArray(rawGroups)) invalid('aggregate.group_by', 'must be a list');
  if (rawGroups.length > MAX_GROUP_FIELDS) invalid('aggregate.group_by', `may name at most ${MAX_GROUP_FIELDS} fields`);
  const groupBy = rawGroups.map((g, i) => parseGroup(g, `aggregate.group_by.${i}`));
  const seen = new Set<string>();
  for (const g of groupBy) {
    if (seen.has(g.key)) invalid(g.at, `groups by "${g.key}" twice`);
    seen.add(g.key);
  }
  if (!Array.isArray(value.measures) || value.measures.length === 0) invalid('aggregate.measures', 'must be a list of 1 to 10 measures');
  if (value.measures.length > MAX_MEASURES) invalid('aggregate.measures', `may hold at most ${MAX_MEASURES} measures`);
  const measures = value.measures.map((m, i) => parseMeasure(m, `aggregate.measures.${i}`));
  for (const m of measures) {
    if (seen.has(m.name)) invalid(m.at, `names "${m.name}", already a group key or measure; give it another name with "as"`);
    seen.add(m.name);
  }
  const limit = value.limit ?? DEFAULT_GROUP_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_GROUP_LIMIT) invalid('aggregate.limit', `must be an integer from 1 to ${MAX_GROUP_LIMIT}`);
  return { groupBy, measures, sort: parseSortKeys(value.sort, seen), limit };
}
