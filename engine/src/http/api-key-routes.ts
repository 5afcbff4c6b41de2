import type { FastifyInstance } from 'fastify';
import { createApiKey, listApiKeys, revokeApiKey } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, originOf } from './auth.ts';

const createBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'What the key is for' },
    expires_at: { type: 'string', format: 'date-time', description: 'Optional; the key stops working then' },
  },
} as const;

/** My API keys: `Authorization: Bearer tsk.<tenant>.<secret>`, acting as me. */
export function apiKeyRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { name: string; expires_at?: string } }>(
      '/api/auth/api-keys',
      { schema: { summary: 'Create an API key: the key is in this answer only, and stored hashed', tags: ['auth'], body: createBody } },
      async (request, reply) => {
        const actor = actorOf(request);
        const expiresAt = request.body.expires_at === undefined ? undefined : new Date(request.body.expires_at);
        const created = await createApiKey(engine.knex, actor, { name: request.body.name, expiresAt }, originOf(request));
        return reply.status(201).send(created);
      },
    );
    app.get('/api/auth/api-keys', { schema: { summary: 'My API keys that are not revoked: prefix, name, created, last used', tags: ['auth'] } }, async (request) => {
      return { items: await listApiKeys(engine.knex, actorOf(request)) };
    });
    app.delete<{ Params: { id: string } }>(
      '/api/auth/api-keys/:id',
      { schema: { summary: 'Revoke one of my API keys', tags: ['auth'], params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } } },
      async (request, reply) => {
        await revokeApiKey(engine.knex, actorOf(request), request.params.id, originOf(request));
        return reply.status(204).send();
      },
    );
  };
}
