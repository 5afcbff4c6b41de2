import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { qualify } from '../../engine/src/db/index.ts';
import type { FieldError } from '../../engine/src/kernel/index.ts';
import type { TestEngine } from './engine.ts';

/** A record as the API returns it. */
export type ApiRecord = Record<string, unknown> & { id: string; version: number };

export interface ProblemBody {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface ListParams {
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string;
  fields?: string[];
}

export interface RecordPage {
  items: ApiRecord[];
  next_cursor: string | null;
}

/** A problem+json answer, checked to be one (content type, status echoed in the body). */
export function problemOf(res: LightMyRequestResponse): ProblemBody {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${res.statusCode} ${type}: ${res.body}`);
  const body = res.json() as ProblemBody;
  if (body.status !== res.statusCode) throw new Error(`problem status ${body.status} differs from HTTP ${res.statusCode}`);
  return body;
}

/** The fields named by a 422's `errors`, sorted. */
export function errorFields(res: LightMyRequestResponse): string[] {
  return (problemOf(res).errors ?? []).map((e) => e.field).sort();
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode}: ${res.body}`);
}

/** Creates an object (and its table) through POST /api/meta/objects as the admin. */
export async function createObject(t: TestEngine, definition: Record<string, unknown>, token?: string): Promise<void> {
  const res = await t.request({ method: 'POST', url: '/api/meta/objects', payload: definition, token });
  expectStatus(res, 201, `create object ${String(definition.api_name)}`);
}

export async function createRecord(t: TestEngine, object: string, payload: Record<string, unknown>, token?: string): Promise<ApiRecord> {
  const res = await t.request({ method: 'POST', url: `/api/records/${object}`, payload, token });
  expectStatus(res, 201, `create ${object}`);
  return res.json() as ApiRecord;
}

/** GET /api/records/:object with the parameters URL-encoded (the filter as JSON). */
export function listUrl(object: string, params: ListParams = {}): string {
  const query = new URLSearchParams();
  if (params.filter !== undefined) query.set('filter', JSON.stringify(params.filter));
  if (params.sort !== undefined) query.set('sort', params.sort);
  if (params.limit !== undefined) query.set('limit', String(params.limit));
  if (params.cursor !== undefined) query.set('cursor', params.cursor);
  if (params.fields !== undefined) query.set('fields', params.fields.join(','));
  const text = query.toString();
  return `/api/records/${object}${text ? `?${text}` : ''}`;
}

export async function listPage(t: TestEngine, object: string, params: ListParams = {}, token?: string): Promise<RecordPage> {
  const res = await t.request({ method: 'GET', url: listUrl(object, params), token });
  expectStatus(res, 200, `list ${object}`);
  return res.json() as RecordPage;
}

/** Follows next_cursor from the first page to the last; stops with an error rather than loop forever. */
export async function listAllPages(t: TestEngine, object: string, params: ListParams, maxPages = 100): Promise<ApiRecord[]> {
  const all: ApiRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await listPage(t, object, { ...params, cursor });
    all.push(...result.items);
    if (result.next_cursor === null) return all;
    cursor = result.next_cursor;
  }
  throw new Error(`more than ${maxPages} pages listing ${object}`);
}

/** Every row of an object's table, including the recycle bin, straight from PostgreSQL. */
export async function tableRows(t: TestEngine, object: string): Promise<Array<Record<string, unknown>>> {
  const result = await t.engine.knex.raw<{ rows: Array<Record<string, unknown>> }>(`select * from ${qualify(t.tenant.schema, object)} order by id`);
  return result.rows;
}

export interface ApiRoute {
  method: string;
  url: string;
}

/**
 * Every registered route under /api, read from Fastify's own route tree, so a test that walks
 * this list covers routes added later without being edited.
 */
export function apiRoutes(app: FastifyInstance): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const url = stack.join('');
    if (!match[3] || !url.startsWith('/api/')) continue;
    for (const method of match[3].split(',').map((m) => m.trim())) routes.push({ method, url });
  }
  return routes;
}

/** `/api/records/:object/:id` with its parameters filled in. */
export function fillRoute(url: string, params: Record<string, string>): string {
  return url.replace(/:([a-z_]+)/g, (_all, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}
