import type { FastifyInstance } from 'fastify';
import { searchRecords } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { recordContextOf } from './record-context.ts';

const hit = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: ['string', 'null'] },
    matched: { type: 'object', additionalProperties: true, description: 'The readable searchable fields that hold the text, with their values' },
  },
} as const;

const group = {
  type: 'object',
  properties: {
    object: { type: 'string' },
    label: { type: 'object', additionalProperties: { type: 'string' } },
    total: { type: 'integer', description: 'Matches counted, up to 1000' },
    exact: { type: 'boolean', description: 'false: more than 1000 records match' },
    items: { type: 'array', items: hit },
  },
} as const;

/** GET /api/search: global search across the objects the actor may read, grouped by object (docs/search.md). */
export function searchRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { q?: string; limit?: string } }>(
      '/api/search',
      {
        schema: {
          summary: 'Search every object you may read',
          description: 'Finds records whose searchable fields hold every word, number or Chinese fragment of q (docs/search.md); each object its best matches, name matches first.',
          tags: ['records'],
          querystring: {
            type: 'object',
            properties: { q: { type: 'string', description: 'The search text, 1 to 200 characters' }, limit: { type: 'string', description: 'Matches per object, 1 to 50 (default 5)' } },
          },
          response: { 200: { type: 'object', properties: { q: { type: 'string' }, groups: { type: 'array', items: group } } } },
        },
      },
      async (request) => searchRecords(await recordContextOf(engine, request), { q: request.query.q, limit: request.query.limit }),
    );
  };
}
