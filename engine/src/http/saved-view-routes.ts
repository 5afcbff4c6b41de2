import type { FastifyInstance } from 'fastify';
import { createSavedView, deleteSavedView, listViews, updateSavedView } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { recordContextOf } from './record-context.ts';

const objectParams = { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } } as const;
const viewParams = { type: 'object', required: ['object', 'id'], properties: { object: { type: 'string', maxLength: 100 }, id: { type: 'string', maxLength: 100 } } } as const;
const viewBody = {
  type: 'object',
  description: 'name (1–100 characters), shared (default false), columns (1–50 fields), sort ("-amount,name"), filter (JSON-logic); null clears columns, sort or filter',
  properties: {
    name: { type: 'string' },
    shared: { type: 'boolean' },
    columns: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    sort: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    filter: { description: 'A JSON-logic condition, as for lists' },
  },
} as const;
const tags = ['views'];

/**
 * Views of an object: the admin's list views (read-only) and users' saved views — their own, private or
 * shared with everyone who may read the object. The body is checked by records/saved-views.ts (422
 * invalid_view naming the place); its route schema only documents it (`attachValidation`: one set of checks).
 */
export function savedViewRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string } }>(
      '/api/views/:object',
      { schema: { summary: 'The list views of an object (kind admin) and the saved views you may use: yours, then those shared', tags, params: objectParams } },
      async (request) => listViews(await recordContextOf(engine, request), request.params.object),
    );
    app.post<{ Params: { object: string } }>(
      '/api/views/:object',
      { schema: { summary: 'Save a view of an object: private, or shared with everyone who may read it', tags, params: objectParams, body: { ...viewBody, required: ['name'] } }, attachValidation: true },
      async (request, reply) => reply.status(201).send(await createSavedView(await recordContextOf(engine, request), request.params.object, request.body)),
    );
    app.patch<{ Params: { object: string; id: string } }>(
      '/api/views/:object/:id',
      { schema: { summary: 'Change a saved view (its owner or an administrator)', tags, params: viewParams, body: viewBody }, attachValidation: true },
      async (request) => updateSavedView(await recordContextOf(engine, request), request.params.object, request.params.id, request.body),
    );
    app.delete<{ Params: { object: string; id: string } }>(
      '/api/views/:object/:id',
      { schema: { summary: 'Delete a saved view (its owner or an administrator)', tags, params: viewParams } },
      async (request, reply) => {
        await deleteSavedView(await recordContextOf(engine, request), request.params.object, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
