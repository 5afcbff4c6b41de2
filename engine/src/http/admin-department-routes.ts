import type { FastifyInstance } from 'fastify';
import { createDepartment, deleteDepartment, departmentCreateSchema, departmentPatchSchema, getDepartment, listDepartments, updateDepartment } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';
import { adminContext, idParams } from './admin-routes.ts';

type IdParams = { id: string };

export function adminDepartmentRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get('/api/admin/departments', { schema: { summary: 'The department tree as a flat list (each with parent_id)', tags: ['admin'] } }, async (request) => {
      return { items: await listDepartments(engine.knex, actorOf(request).tenant.schema) };
    });
    app.post('/api/admin/departments', { schema: { summary: 'Create a department', tags: ['admin'], body: departmentCreateSchema } }, async (request, reply) => {
      return reply.status(201).send(await createDepartment(engine.knex, actorOf(request).tenant.schema, request.body, adminContext(request)));
    });
    app.get<{ Params: IdParams }>('/api/admin/departments/:id', { schema: { summary: 'One department', tags: ['admin'], params: idParams } }, async (request) => {
      return getDepartment(engine.knex, actorOf(request).tenant.schema, request.params.id);
    });
    app.patch<{ Params: IdParams }>(
      '/api/admin/departments/:id',
      { schema: { summary: 'Rename or move a department (with its sub-departments); cycles are refused', tags: ['admin'], params: idParams, body: departmentPatchSchema } },
      async (request) => updateDepartment(engine.knex, actorOf(request).tenant.schema, request.params.id, request.body, adminContext(request)),
    );
    app.delete<{ Params: IdParams }>(
      '/api/admin/departments/:id',
      { schema: { summary: 'Delete an empty department (409 while it has users or sub-departments)', tags: ['admin'], params: idParams } },
      async (request, reply) => {
        await deleteDepartment(engine.knex, actorOf(request).tenant.schema, request.params.id, adminContext(request));
        return reply.status(204).send();
      },
    );
  };
}
