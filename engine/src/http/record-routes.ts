import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { createRecord, deleteRecord, getRecord, getRecordTeam, listRecords, parseIfMatch, putRecordTeam, restoreRecord, transferRecords, updateRecord, type RecordContext } from '../records/index.ts';
import type { ListParams } from '../query/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf } from './auth.ts';

type ObjectParams = { object: string };
type RecordParams = { object: string; id: string };
type ListQuery = { filter?: string; sort?: string; limit?: string; cursor?: string; fields?: string };

const hidden = { hide: true } as const; // documented per object by the live OpenAPI document instead

function parseFields(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list || list.some((f) => typeof f !== 'string')) throw new AppError('invalid_parameter', 'fields is a comma-separated list of field names', { errors: [{ field: 'fields', message: 'must be a list of field names' }] });
  return (list as string[]).map((f) => f.trim()).filter(Boolean);
}

function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new AppError('invalid_parameter', 'limit must be an integer', { errors: [{ field: 'limit', message: 'must be an integer' }] });
  return n;
}

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

export function recordRoutes(engine: Engine) {
  const context = async (request: FastifyRequest): Promise<RecordContext> => {
    const actor = actorOf(request);
    const accessReuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
    return { knex: engine.knex, model: await engine.models.get(actor.tenant.slug), actor, accessReuse };
  };

  return async (app: FastifyInstance) => {
    app.get<{ Params: ObjectParams; Querystring: ListQuery }>('/api/records/:object', { schema: hidden }, async (request) => {
      const q = request.query;
      const params: ListParams = { filter: parseQueryFilter(q.filter), sort: q.sort, limit: parseLimit(q.limit), cursor: q.cursor || undefined, fields: parseFields(q.fields) };
      return listRecords(await context(request), request.params.object, params);
    });
    app.post<{ Params: ObjectParams }>('/api/records/:object/query', { schema: hidden }, async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('bad_request', 'The query is a JSON object {filter, sort, limit, cursor, fields}');
      const unknown = Object.keys(body).filter((k) => !['filter', 'sort', 'limit', 'cursor', 'fields'].includes(k));
      if (unknown.length) throw new AppError('invalid_parameter', `Unknown query properties: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'is not a query property' })) });
      const params: ListParams = {
        filter: body.filter ?? undefined,
        sort: Array.isArray(body.sort) ? body.sort.join(',') : optionalString(body.sort, 'sort'),
        limit: parseLimit(body.limit),
        cursor: optionalString(body.cursor, 'cursor'),
        fields: parseFields(body.fields),
      };
      return listRecords(await context(request), request.params.object, params);
    });
    app.post<{ Params: ObjectParams }>('/api/records/:object', { schema: hidden }, async (request, reply) => {
      const record = await createRecord(await context(request), request.params.object, request.body);
      return reply.status(201).header('etag', `"${String(record.version)}"`).send(record);
    });
    app.get<{ Params: RecordParams; Querystring: { fields?: string } }>('/api/records/:object/:id', { schema: hidden }, async (request, reply) => {
      const record = await getRecord(await context(request), request.params.object, request.params.id, parseFields(request.query.fields));
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
