import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { EXPORT_CAP, exportRecords, type ExportRequest } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { originOf } from './auth.ts';
import { recordContextOf } from './record-context.ts';
import { listBodyParams, listQueryParams, objectBody } from './list-params.ts';

const EXPORT_PROPERTIES = ['filter', 'sort', 'q', 'view', 'saved_view', 'fields', 'header'];

const params = { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } } as const;
const querystring = {
  type: 'object',
  properties: {
    filter: { type: 'string', description: 'URL-encoded JSON-logic, as for lists' },
    sort: { type: 'string', description: 'As for lists: -amount,name' },
    q: { type: 'string', description: 'Full-text search, as for lists' },
    view: { type: 'string', description: 'A list view of the object: its filter, sort and columns' },
    saved_view: { type: 'string', description: 'The id of a saved view: its filter, sort and columns' },
    fields: { type: 'string', description: 'Comma-separated columns; default: the view’s, else every field you may read' },
    header: { enum: ['label', 'api'], description: 'label (default): field labels in your language; api: API names' },
  },
} as const;
const summary = `Export the records you may read as CSV (UTF-8 with BOM): the list's filter, search, sort and view; up to ${EXPORT_CAP.toLocaleString('en')} rows`;

function parseHeader(value: unknown): ExportRequest['header'] {
  if (value === undefined) return undefined;
  if (value !== 'label' && value !== 'api') throw new AppError('invalid_parameter', 'header is "label" or "api"', { errors: [{ field: 'header', message: 'must be label or api' }] });
  return value;
}

/** CSV exports: GET with the list's query string, POST with a query body. Errors answer problem+json before any CSV byte. */
export function exportRoutes(engine: Engine) {
  const send = async (request: FastifyRequest<{ Params: { object: string } }>, reply: FastifyReply, exportRequest: ExportRequest) => {
    const result = await exportRecords(await recordContextOf(engine, request), request.params.object, exportRequest, originOf(request));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${result.filename}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(result.lines));
  };

  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string }; Querystring: Record<string, string> }>('/api/records/:object/export', { schema: { summary, tags: ['records'], params, querystring }, exposeHeadRoute: false }, async (request, reply) => {
      const unknown = Object.keys(request.query).filter((k) => !EXPORT_PROPERTIES.includes(k));
      if (unknown.length) throw new AppError('invalid_parameter', `Unknown export parameters: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'is not an export parameter' })) });
      const { header, ...list } = request.query;
      return send(request, reply, { ...listQueryParams(list), header: parseHeader(header) });
    });
    app.post<{ Params: { object: string } }>(
      '/api/records/:object/export',
      { schema: { summary: `${summary} (the query as a JSON body)`, tags: ['records'], params } },
      async (request, reply) => {
        const { header, ...list } = objectBody(request.body, '{filter, sort, q, view, saved_view, fields, header}');
        return send(request, reply, { ...listBodyParams(list, EXPORT_PROPERTIES), header: parseHeader(header) });
      },
    );
  };
}
