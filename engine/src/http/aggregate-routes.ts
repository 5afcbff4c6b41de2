import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { countRecords, type RecordContext } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf } from './auth.ts';

/** GET /api/records/:object/count?filter= → {count, exact}: exact up to 10,000 rows, PostgreSQL's estimate above. */
export function aggregateRoutes(engine: Engine) {
  const context = async (request: FastifyRequest): Promise<RecordContext> => {
    const actor = actorOf(request);
    const accessReuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
    return { knex: engine.knex, model: await engine.models.get(actor.tenant.slug), actor, accessReuse };
  };

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
        return countRecords(await context(request), request.params.object, { filter: parseFilterParam(request.query.filter) });
      },
    );
  };
}

/** `filter` in a query string: URL-encoded JSON-logic. */
function parseFilterParam(value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new AppError('invalid_filter', 'Give filter once, as URL-encoded JSON-logic', { errors: [{ field: 'filter', message: 'must be given once' }] });
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('invalid_filter', 'filter must be URL-encoded JSON-logic, such as {"==":[{"var":"status"},"new"]}', { errors: [{ field: 'filter', message: 'is not JSON' }] });
  }
}
