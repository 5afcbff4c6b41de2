import type { FastifyInstance } from 'fastify';
import { buildOpenApi, openApiFor, type ObjectView } from '../contracts/index.ts';
import { loadRecordAccess, withFormulaMask } from '../access/index.ts';
import type { JsonSchema } from '../kernel/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf } from './auth.ts';

/**
 * GET /api/openapi.json: the live document of the caller's tenant, rebuilt when its metadata version
 * changes, narrowed to what the caller may do (administrators get it whole).
 */
export function openapiRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get('/api/openapi.json', { schema: { summary: 'The live OpenAPI 3.1 document of your tenant, as you may use it', tags: ['system'] } }, async (request) => {
      const actor = actorOf(request);
      const model = await engine.models.get(actor.tenant.slug);
      const doc = buildOpenApi(model, app.swagger() as unknown as JsonSchema);
      const views = new Map<string, ObjectView>();
      const reuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
      for (const object of model.objects.values()) {
        const load = (def: typeof object.def) => loadRecordAccess(engine.knex, model, actor, def, reuse);
        const access = await withFormulaMask(await load(object.def), object.def, model, load);
        if (access.admin) return doc;
        views.set(object.def.api_name, { ...access.permissions, readable: access.fields.readable, editable: access.fields.editable });
      }
      return openApiFor(doc, views);
    });
  };
}
