import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { aggregateRecords, createRecord, deleteRecord, getRecord, getRecordTeam, listRecords, listRelatedRecords, parseIfMatch, putRecordTeam, restoreRecord, transferRecords, updateRecord, type AggregateParams, type RecordContext } from '../records/index.ts';
import type { ListParams } from '../query/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf } from './auth.ts';

type ObjectParams = { object: string };
type RecordParams = { object: string; id: string };
type ListQuery = { filter?: string; sort?: string; limit?: string; cursor?: string; offset?: string; fields?: string; expand?: string; q?: string };
type RelatedParams = { object: string; id: string; child: string };

const QUERY_PROPERTIES = ['filter', 'sort', 'limit', 'cursor', 'offset', 'fields', 'expand', 'q'];

const hidden = { hide: true } as const; // documented per object by the live OpenAPI document instead

/** A comma-separated list (query string) or a JSON array of names (query body). */
function parseList(value: unknown, name: string, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list || list.some((f) => typeof f !== 'string')) throw new AppError('invalid_parameter', `${name} is a comma-separated list of ${what}`, { errors: [{ field: name, message: `must be a list of ${what}` }] });
  return (list as string[]).map((f) => f.trim()).filter(Boolean);
}

const parseFields = (value: unknown) => parseList(value, 'fields', 'field names');
const parseExpand = (value: unknown) => parseList(value, 'expand', 'lookup paths');

function parseCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new AppError('invalid_parameter', `${name} must be an integer`, { errors: [{ field: name, message: 'must be an integer' }] });
  return n;
}

const parseLimit = (value: unknown) => parseCount(value, 'limit');

function parseQueryFilter(value: string | undefined): unknown {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('invalid_filter', 'filter must be URL-encoded JSON-logic, such as {"==":[{"var":"status"},"new"]}');
  }
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AppError('invalid_parameter', `${name} must be a string`, { errors: [{ field: name, message: 'must be a string' }] });
  return value;
}

function listQueryParams(q: ListQuery): ListParams {
  return {
    filter: parseQueryFilter(optionalString(q.filter, 'filter')),
    sort: optionalString(q.sort, 'sort'),
    limit: parseLimit(q.limit),
    cursor: optionalString(q.cursor, 'cursor') || undefined,
    offset: parseCount(q.offset, 'offset'),
    fields: parseFields(q.fields),
    expand: parseExpand(q.expand),
    q: optionalString(q.q, 'q'),
  };
}

export function recordRoutes(engine: Engine) {
  const context = async (request: FastifyRequest): Promise<RecordContext> => {
    const actor = actorOf(request);
    const accessReuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
    return { knex: engine.knex, model: await engine.models.get(actor.tenant.slug), actor, accessReuse };
  };

  return async (app: FastifyInstance) => {
    app.get<{ Params: ObjectParams; Querystring: ListQuery }>('/api/records/:object', { schema: hidden }, async (request) => {
      return listRecords(await context(request), request.params.object, listQueryParams(request.query));
    });
    app.post<{ Params: ObjectParams }>('/api/records/:object/query', { schema: hidden }, async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('bad_request', 'The query is a JSON object {filter, sort, limit, cursor, offset, fields, expand, aggregate}');
      // An aggregate query is its own shape (records/aggregate-records.ts checks it).
      if (body.aggregate !== undefined) return aggregateRecords(await context(request), request.params.object, body as unknown as AggregateParams);
      const unknown = Object.keys(body).filter((k) => !QUERY_PROPERTIES.includes(k));
      if (unknown.length) throw new AppError('invalid_parameter', `Unknown query properties: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'is not a query property' })) });
      const params: ListParams = {
        filter: body.filter ?? undefined,
        sort: Array.isArray(body.sort) ? parseList(body.sort, 'sort', 'fields')?.join(',') : optionalString(body.sort, 'sort'),
        limit: parseLimit(body.limit),
        cursor: optionalString(body.cursor, 'cursor'),
        offset: parseCount(body.offset, 'offset'),
        fields: parseFields(body.fields),
        expand: parseExpand(body.expand),
        q: optionalString(body.q, 'q'),
      };
      return listRecords(await context(request), request.params.object, params);
    });
    app.get<{ Params: RelatedParams; Querystring: ListQuery & { via?: string } }>('/api/records/:object/:id/related/:child', { schema: hidden }, async (request) => {
      const { object, id, child } = request.params;
      return listRelatedRecords(await context(request), object, id, child, optionalString(request.query.via, 'via') || undefined, listQueryParams(request.query));
    });
    app.post<{ Params: ObjectParams }>('/api/records/:object', { schema: hidden }, async (request, reply) => {
      const record = await createRecord(await context(request), request.params.object, request.body);
      return reply.status(201).header('etag', `"${String(record.version)}"`).send(record);
    });
    app.get<{ Params: RecordParams; Querystring: { fields?: string; expand?: string } }>('/api/records/:object/:id', { schema: hidden }, async (request, reply) => {
      const record = await getRecord(await context(request), request.params.object, request.params.id, parseFields(request.query.fields), parseExpand(request.query.expand));
      return reply.header('etag', `"${String(record.version)}"`).send(record);
    });
    app.patch<{ Params: RecordParams }>('/api/records/:object/:id', { schema: hidden }, async (request, reply) => {
      const expected = parseIfMatch(request.headers['if-match']);
      const record = await updateRecord(await context(request), request.params.object, request.params.id, request.body, expected);
      return reply.header('etag', `"${String(record.version)}"`).send(record);
    });
    app.delete<{ Params: RecordParams }>('/api/records/:object/:id', { schema: hidden }, async (request, reply) => {
      const expected = parseIfMatch(request.headers['if-match']);
      await deleteRecord(await context(request), request.params.object, request.params.id, expected);
      return reply.status(204).send();
    });
    app.post<{ Params: ObjectParams }>('/api/records/:object/transfer', { schema: hidden }, async (request) => {
      return transferRecords(await context(request), request.params.object, request.body);
    });
    app.get<{ Params: RecordParams }>('/api/records/:object/:id/team', { schema: hidden }, async (request) => {
      return getRecordTeam(await context(request), request.params.object, request.params.id);
    });
    app.put<{ Params: RecordParams }>('/api/records/:object/:id/team', { schema: hidden }, async (request) => {
      return putRecordTeam(await context(request), request.params.object, request.params.id, request.body);
    });
    app.post<{ Params: RecordParams }>('/api/records/:object/:id/restore', { schema: { summary: 'Restore a record from the recycle bin', tags: ['records'] } }, async (request) => {
      return restoreRecord(await context(request), request.params.object, request.params.id);
    });
  };
}
