import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine.ts';

export function healthRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/health',
      {
        schema: {
          summary: 'Liveness and database reachability',
          tags: ['system'],
          security: [],
          response: {
            200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
            503: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
          },
        },
      },
      async (_request, reply) => {
        try {
          await engine.knex.raw('select 1');
          return { status: 'ok', database: 'ok' };
        } catch {
          return reply.status(503).send({ status: 'degraded', database: 'unreachable' });
        }
      },
    );
  };
}
