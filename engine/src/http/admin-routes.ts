import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminContext } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, originOf, requireAdmin } from './auth.ts';
import { adminUserRoutes } from './admin-user-routes.ts';
import { adminDepartmentRoutes } from './admin-department-routes.ts';
import { adminGrantRoutes } from './admin-grant-routes.ts';
import { adminAuditRoutes } from './admin-audit-routes.ts';
import { adminSharingRoutes } from './admin-sharing-routes.ts';

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

/** Who changes what from where, for the audit log. */
export function adminContext(request: FastifyRequest): AdminContext {
  return { actorId: actorOf(request).userId, origin: originOf(request) };
}

/**
 * /api/admin: users, departments, roles, permission sets, sharing rules and the security audit log — administrators
 * only, reads included. Checked before the body is: a non-admin gets 403, never a verdict on their input.
 */
export function adminRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      requireAdmin(request, 'Only administrators may manage users, departments, roles and permission sets');
    });
    await app.register(adminUserRoutes(engine));
    await app.register(adminDepartmentRoutes(engine));
    await app.register(adminGrantRoutes(engine));
    await app.register(adminSharingRoutes(engine));
    await app.register(adminAuditRoutes(engine));
  };
}
