import type { FastifyInstance } from 'fastify';
import { createSharingRule, deleteSharingRule, getSharingRule, listSharingRules, sharingRuleCreateSchema, sharingRulePatchSchema, updateSharingRule } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';
import { adminContext, idParams } from './admin-routes.ts';

type IdParams = { id: string };
type ListQuery = { object?: string };

const listQuery = { type: 'object', additionalProperties: false, properties: { object: { type: 'string', minLength: 1, maxLength: 63, description: 'Only the rules of this object' } } } as const;

/** Sharing rules: JSON-logic conditions that open an object's records to roles and departments (docs/access.md). */
export function adminSharingRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    const schemaOf = (request: Parameters<typeof actorOf>[0]) => actorOf(request).tenant.schema;
    app.get<{ Querystring: ListQuery }>('/api/admin/sharing-rules', { schema: { summary: 'Every sharing rule (or one object’s), by object and api_name', tags: ['admin'], querystring: listQuery } }, async (request) => {
      return { items: await listSharingRules(engine.knex, schemaOf(request), engine, { object: request.query.object }) };
    });
    app.post('/api/admin/sharing-rules', { schema: { summary: 'Create a sharing rule', tags: ['admin'], body: sharingRuleCreateSchema } }, async (request, reply) => {
      return reply.status(201).send(await createSharingRule(engine.knex, schemaOf(request), engine, request.body, adminContext(request)));
    });
    app.get<{ Params: IdParams }>('/api/admin/sharing-rules/:id', { schema: { summary: 'One sharing rule', tags: ['admin'], params: idParams } }, async (request) => {
      return getSharingRule(engine.knex, schemaOf(request), engine, request.params.id);
    });
    app.patch<{ Params: IdParams }>(
      '/api/admin/sharing-rules/:id',
      { schema: { summary: 'Change a sharing rule (not its object or api_name); takes effect at the next request', tags: ['admin'], params: idParams, body: sharingRulePatchSchema } },
      async (request) => updateSharingRule(engine.knex, schemaOf(request), engine, request.params.id, request.body, adminContext(request)),
    );
    app.delete<{ Params: IdParams }>('/api/admin/sharing-rules/:id', { schema: { summary: 'Delete a sharing rule; what it opened closes at once', tags: ['admin'], params: idParams } }, async (request, reply) => {
      await deleteSharingRule(engine.knex, schemaOf(request), request.params.id, adminContext(request));
      return reply.status(204).send();
    });
  };
}
