import type { FastifyInstance } from 'fastify';
import { createUserByAdmin, getUser, listUsers, loadEffectivePermissions, updateUserByAdmin, userCreateSchema, userPatchSchema } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';
import { adminContext, idParams } from './admin-routes.ts';

type IdParams = { id: string };
type ListQuery = { limit?: number; cursor?: string; active?: boolean; department_id?: string; q?: string };

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
    active: { type: 'boolean' },
    department_id: { type: 'string', format: 'uuid' },
    q: { type: 'string', maxLength: 200, description: 'Part of a name or email' },
  },
} as const;

export function adminUserRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: ListQuery }>('/api/admin/users', { schema: { summary: 'Users, oldest first, keyset-paged', tags: ['admin'], querystring: listQuery } }, async (request) => {
      const q = request.query;
      return listUsers(engine.knex, actorOf(request).tenant.schema, { limit: q.limit ?? 50, cursor: q.cursor, active: q.active, departmentId: q.department_id, q: q.q });
    });
    app.post('/api/admin/users', { schema: { summary: 'Create a user (without a password, they set one through a password reset)', tags: ['admin'], body: userCreateSchema } }, async (request, reply) => {
      const user = await createUserByAdmin(engine.knex, actorOf(request).tenant.schema, request.body, adminContext(request));
      return reply.status(201).send(user);
    });
    app.get<{ Params: IdParams }>('/api/admin/users/:id', { schema: { summary: 'One user', tags: ['admin'], params: idParams } }, async (request) => {
      return getUser(engine.knex, actorOf(request).tenant.schema, request.params.id);
    });
    app.patch<{ Params: IdParams }>(
      '/api/admin/users/:id',
      { schema: { summary: 'Change a user; active:false deactivates (users are never deleted)', tags: ['admin'], params: idParams, body: userPatchSchema } },
      async (request) => updateUserByAdmin(engine.knex, actorOf(request).tenant.schema, request.params.id, request.body, adminContext(request)),
    );
    app.get<{ Params: IdParams }>(
      '/api/admin/users/:id/permissions',
      { schema: { summary: 'The union of the rights and data scopes of the user’s roles and permission sets', tags: ['admin'], params: idParams } },
      async (request) => loadEffectivePermissions(engine.knex, actorOf(request).tenant.schema, request.params.id),
    );
  };
}
