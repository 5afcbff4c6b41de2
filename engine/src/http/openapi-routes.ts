import type { FastifyInstance } from 'fastify';
import { buildOpenApi } from '../contracts/index.ts';
import type { JsonSchema } from '../kernel/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';

/** GET /api/openapi.json: the live document of the caller's tenant, rebuilt when its metadata version changes. */
export function openapiRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get('/api/openapi.json', { schema: { summary: 'The live OpenAPI 3.1 document of your tenant', tags: ['system'] } }, async (request) => {
      const actor = actorOf(request);
      const model = await engine.models.get(actor.tenant.slug);
      return buildOpenApi(model, app.swagger() as unknown as JsonSchema);
    });
  };
}
