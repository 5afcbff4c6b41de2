import type { FastifyInstance } from 'fastify';
import { listFieldHistory } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { recordContextOf } from './record-context.ts';

const params = { type: 'object', required: ['object', 'id'], properties: { object: { type: 'string', maxLength: 100 }, id: { type: 'string', maxLength: 100 } } } as const;
const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 500 } },
} as const;

/** Field history of a record (audited fields), newest first. */
export function historyRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string; id: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/records/:object/:id/history',
      { schema: { summary: 'Changes of audited fields: who, when, old and new value (fields you cannot read are left out)', tags: ['records'], params, querystring } },
      async (request) => {
        const { object, id } = request.params;
        return listFieldHistory(await recordContextOf(engine, request), object, id, { limit: request.query.limit, cursor: request.query.cursor || undefined });
      },
    );
  };
}
