import { AppError } from '../kernel/index.ts';
import type { LocalizedText } from '../metadata/index.ts';
import { query, translatePgError } from '../db/index.ts';
import { parseSearchText, planSearch, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, SEARCH_WINDOW } from '../query/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import type { RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';

export interface SearchHit {
  id: string;
  /** The record's name, null when the actor may not read the name field. */
  name: unknown;
  /** The readable searchable fields that hold the text, with their values. */
  matched: Record<string, unknown>;
}

export interface SearchGroup {
  object: string;
  label: LocalizedText;
  /** Matching records the actor may read, counted up to 1,000 (`exact: false` beyond). */
  total: number;
  exact: boolean;
  items: SearchHit[];
}

export interface SearchResult {
  q: string;
  groups: SearchGroup[];
}

function parseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_SEARCH_LIMIT;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEARCH_LIMIT) throw new AppError('invalid_parameter', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`, { errors: [{ field: 'limit', message: `must be 1 to ${MAX_SEARCH_LIMIT}` }] });
  return n;
}

async function searchObject(ctx: RecordContext, object: CompiledObject, text: string, limit: number): Promise<SearchGroup | null> {
  const access = await accessTo(ctx, object);
  if (!access.permissions.canRead) return null;
  const plan = planSearch(ctx.model, object, text, access, limit);
  if (!plan) return null;
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await query(ctx.knex, plan.sql, plan.bindings);
  } catch (err) {
    throw translatePgError(err);
  }
  if (rows.length === 0) return null;
  const counted = Number(rows[0]?.__total ?? 0);
  const items = rows.map((row): SearchHit => {
    const matched: Record<string, unknown> = {};
    plan.fields.forEach((name, i) => {
      const field = object.byName.get(name);
      if (field && row[`__m${i}`] === true) matched[name] = field.type.fromColumns(row, field.def);
    });
    return { id: String(row.id), name: plan.nameField ? (row.__name ?? null) : null, matched };
  });
  return { object: object.def.api_name, label: object.def.label, total: Math.min(counted, SEARCH_WINDOW), exact: counted <= SEARCH_WINDOW, items };
}

/**
 * Global search: every object the actor may read that has searchable fields they may read, each its
 * best `limit` matches (name matches first, then the most recently updated); objects without a match
 * are left out. The same matching and access as `q` on a list (docs/search.md).
 */
export async function searchRecords(ctx: RecordContext, params: { q: unknown; limit?: unknown }): Promise<SearchResult> {
  const text = parseSearchText(params.q);
  const limit = parseLimit(params.limit);
  const groups = await Promise.all([...ctx.model.objects.values()].map((object) => searchObject(ctx, object, text, limit)));
  return { q: text, groups: groups.filter((g): g is SearchGroup => g !== null) };
}
