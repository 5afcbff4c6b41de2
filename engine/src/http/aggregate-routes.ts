import type { FastifyInstance } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { countRecords } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { recordContextOf } from './record-context.ts';
import { parseQueryFilter } from './list-params.ts';

/** GET /api/records/:object/count?filter= → {count, exact}: exact up to 10,000 rows, PostgreSQL's estimate above. */
export function aggregateRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string }; Querystring: Record<string, unknown> }>(
      '/api/records/:object/count',
      {
        schema: {
          summary: 'Count the records you may read that match a filter: exact up to 10,000, then estimated (exact: false)',
          tags: ['records'],
          querystring: { type: 'object', properties: { filter: { type: 'string', description: 'URL-encoded JSON-logic, as for lists' } } },
        },
      },
      async (request) => {
        const unknown = Object.keys(request.query).filter((k) => k !== 'filter');
        if (unknown.length) throw new AppError('invalid_parameter', `Unknown count parameters: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'is not a count parameter' })) });
        return countRecords(await recordContextOf(engine, request), request.params.object, { filter: parseQueryFilter(request.query.filter) });
      },
    );
  };
}
