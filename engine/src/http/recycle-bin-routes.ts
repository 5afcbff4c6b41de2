import type { FastifyInstance } from 'fastify';
import { listRecycleBin, purgeRecord } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { recordContextOf } from './record-context.ts';

const objectParams = { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } } as const;
const recordParams = { type: 'object', required: ['object', 'id'], properties: { object: { type: 'string', maxLength: 100 }, id: { type: 'string', maxLength: 100 } } } as const;
const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 500 } },
} as const;

/** The recycle bin: list what was deleted, purge for good. Restoring is POST /api/records/:object/:id/restore. */
export function recycleBinRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/records/:object/recycle-bin',
      { schema: { summary: 'Deleted records you may read, latest deleted first', tags: ['records'], params: objectParams, querystring } },
      async (request) => listRecycleBin(await recordContextOf(engine, request), request.params.object, { limit: request.query.limit, cursor: request.query.cursor || undefined }),
    );
    app.delete<{ Params: { object: string; id: string } }>(
      '/api/records/:object/:id/purge',
      { schema: { summary: 'Delete a record in the recycle bin for good (needs modify all)', tags: ['records'], params: recordParams } },
      async (request, reply) => {
        await purgeRecord(await recordContextOf(engine, request), request.params.object, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
