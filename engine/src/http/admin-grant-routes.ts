import type { FastifyInstance } from 'fastify';
import {
  createGrant,
  deleteGrant,
  getGrant,
  listGrants,
  permissionSetCreateSchema,
  permissionSetPatchSchema,
  roleCreateSchema,
  rolePatchSchema,
  updateGrant,
  type GrantKind,
} from '../access/index.ts';
import type { JsonSchema } from '../kernel/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';
import { adminContext, idParams } from './admin-routes.ts';

type IdParams = { id: string };

const AREAS: Array<{ kind: GrantKind; path: string; what: string; create: JsonSchema; patch: JsonSchema }> = [
  { kind: 'role', path: '/api/admin/roles', what: 'role', create: roleCreateSchema, patch: rolePatchSchema },
  { kind: 'permission_set', path: '/api/admin/permission-sets', what: 'permission set', create: permissionSetCreateSchema, patch: permissionSetPatchSchema },
];

/** Roles and permission sets: stored and validated now; the query engine enforces them (see docs/access.md). */
export function adminGrantRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    for (const area of AREAS) {
      const schemaOf = (request: Parameters<typeof actorOf>[0]) => actorOf(request).tenant.schema;
      app.get(area.path, { schema: { summary: `Every ${area.what}, by api_name`, tags: ['admin'] } }, async (request) => ({ items: await listGrants(engine.knex, schemaOf(request), area.kind) }));
      app.post(area.path, { schema: { summary: `Create a ${area.what}`, tags: ['admin'], body: area.create } }, async (request, reply) => {
        return reply.status(201).send(await createGrant(engine.knex, schemaOf(request), area.kind, request.body, adminContext(request)));
      });
      app.get<{ Params: IdParams }>(`${area.path}/:id`, { schema: { summary: `One ${area.what}`, tags: ['admin'], params: idParams } }, async (request) => {
        return getGrant(engine.knex, schemaOf(request), area.kind, request.params.id);
      });
      app.patch<{ Params: IdParams }>(`${area.path}/:id`, { schema: { summary: `Change a ${area.what} (not its api_name)`, tags: ['admin'], params: idParams, body: area.patch } }, async (request) => {
        return updateGrant(engine.knex, schemaOf(request), area.kind, request.params.id, request.body, adminContext(request));
      });
      app.delete<{ Params: IdParams }>(`${area.path}/:id`, { schema: { summary: `Delete a ${area.what} no user holds (409 otherwise)`, tags: ['admin'], params: idParams } }, async (request, reply) => {
        await deleteGrant(engine.knex, schemaOf(request), area.kind, request.params.id, adminContext(request));
        return reply.status(204).send();
      });
    }
  };
}
