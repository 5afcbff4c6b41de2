import { AppError } from '../kernel/index.ts';
import type { ListRequest } from '../records/index.ts';

/** List parameters as a query string gives them (GET /api/records/:object, related lists, exports). */
export type ListQuery = { filter?: string; sort?: string; limit?: string; cursor?: string; offset?: string; fields?: string; expand?: string; q?: string; view?: string; saved_view?: string };

/** The properties of a list query body (POST …/query). */
export const QUERY_PROPERTIES = ['filter', 'sort', 'limit', 'cursor', 'offset', 'fields', 'expand', 'q', 'view', 'saved_view'];

/** A comma-separated list (query string) or a JSON array of names (query body). */
export function parseList(value: unknown, name: string, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list || list.some((f) => typeof f !== 'string')) throw new AppError('invalid_parameter', `${name} is a comma-separated list of ${what}`, { errors: [{ field: name, message: `must be a list of ${what}` }] });
  return (list as string[]).map((f) => f.trim()).filter(Boolean);
}

export const parseFields = (value: unknown) => parseList(value, 'fields', 'field names');
export const parseExpand = (value: unknown) => parseList(value, 'expand', 'lookup paths');

export function parseCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new AppError('invalid_parameter', `${name} must be an integer`, { errors: [{ field: name, message: 'must be an integer' }] });
  return n;
}

/** `filter` in a query string: URL-encoded JSON-logic. */
export function parseQueryFilter(value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new AppError('invalid_filter', 'Give filter once, as URL-encoded JSON-logic', { errors: [{ field: 'filter', message: 'must be given once' }] });
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('invalid_filter', 'filter must be URL-encoded JSON-logic, such as {"==":[{"var":"status"},"new"]}', { errors: [{ field: 'filter', message: 'is not JSON' }] });
  }
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AppError('invalid_parameter', `${name} must be a string`, { errors: [{ field: name, message: 'must be a string' }] });
  return value;
}

/** A query string's list parameters. */
export function listQueryParams(q: ListQuery): ListRequest {
  return {
    filter: parseQueryFilter(optionalString(q.filter, 'filter')),
    sort: optionalString(q.sort, 'sort'),
    limit: parseCount(q.limit, 'limit'),
    cursor: optionalString(q.cursor, 'cursor') || undefined,
    offset: parseCount(q.offset, 'offset'),
    fields: parseFields(q.fields),
    expand: parseExpand(q.expand),
    q: optionalString(q.q, 'q'),
    view: optionalString(q.view, 'view') || undefined,
    savedView: optionalString(q.saved_view, 'saved_view') || undefined,
  };
}

/** A JSON body's list parameters (`sort`, `fields` and `expand` as text or a list of names); unknown properties are a 400. */
export function listBodyParams(body: Record<string, unknown>, allowed: string[] = QUERY_PROPERTIES): ListRequest {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new AppError('invalid_parameter', `Unknown query properties: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'is not a query property' })) });
  return {
    filter: body.filter ?? undefined,
    sort: Array.isArray(body.sort) ? parseList(body.sort, 'sort', 'fields')?.join(',') : optionalString(body.sort, 'sort'),
    limit: parseCount(body.limit, 'limit'),
    cursor: optionalString(body.cursor, 'cursor'),
    offset: parseCount(body.offset, 'offset'),
    fields: parseFields(body.fields),
    expand: parseExpand(body.expand),
    q: optionalString(body.q, 'q'),
    view: optionalString(body.view, 'view'),
    savedView: optionalString(body.saved_view, 'saved_view'),
  };
}

/** A JSON object body, or 400 naming what it should be. */
export function objectBody(body: unknown, what: string): Record<string, unknown> {
  const value = body ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('bad_request', `The body is a JSON object ${what}`);
  return value as Record<string, unknown>;
}
