import type { FastifyInstance, FastifyRequest } from 'fastify';
import { aggregateRecords, createRecord, deleteRecord, getRecord, getRecordTeam, listRecords, listRelatedRecords, parseIfMatch, putRecordTeam, restoreRecord, transferRecords, updateRecord, type AggregateParams } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { recordContextOf } from './record-context.ts';
import { listBodyParams, listQueryParams, objectBody, optionalString, parseExpand, parseFields, type ListQuery } from './list-params.ts';

type ObjectParams = { object: string };
type RecordParams = { object: string; id: string };
type RelatedParams = { object: string; id: string; child: string };

const hidden = { hide: true } as const; // documented per object by the live OpenAPI document instead

export function recordRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    const context = (request: FastifyRequest) => recordContextOf(engine, request);
    app.get<{ Params: ObjectParams; Querystring: ListQuery }>('/api/records/:object', { schema: hidden }, async (request) => {
      return listRecords(await context(request), request.params.object, listQueryParams(request.query));
    });
    app.post<{ Params: ObjectParams }>('/api/records/:object/query', { schema: hidden }, async (request) => {
      const body = objectBody(request.body, '{filter, sort, limit, cursor, offset, fields, expand, q, view, saved_view, aggregate}');
      // An aggregate query is its own shape (records/aggregate-records.ts checks it).
      if (body.aggregate !== undefined) return aggregateRecords(await context(request), request.params.object, body as unknown as AggregateParams);
      return listRecords(await context(request), request.params.object, listBodyParams(body));
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
