import type { FastifyInstance } from 'fastify';
import { loadDiagramPositions, loadMetadata, parseDiagramPositions, saveDiagramPositions } from '../metadata/index.ts';
import type { Engine } from './engine.ts';
import { requireAdmin } from './auth.ts';

/** The designer's ER diagram: one per tenant. */
const ER = 'er';
const tags = ['metadata'];
const positionsSchema = {
  type: 'object',
  description: 'Positions by object API name: {"<object>": {"x": 0, "y": 120}}',
  additionalProperties: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } },
} as const;

/**
 * Where admins placed the objects' boxes on the ER diagram, shared by the tenant's admins. Not metadata:
 * moving a box is neither versioned nor undone. Admins only, checked before the body is read; the body is
 * checked by metadata/diagram-positions.ts (422 naming the place), its schema here only documents it.
 */
export function diagramRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      requireAdmin(request, 'Only administrators may see or arrange the ER diagram');
    });
    app.get(
      '/api/meta/diagram',
      { schema: { summary: 'The saved positions of the ER diagram\'s boxes (admins)', tags, response: { 200: { type: 'object', properties: { positions: positionsSchema } } } } },
      async (request) => ({ positions: await loadDiagramPositions(engine.knex, requireAdmin(request).tenant.schema, ER) }),
    );
    app.put(
      '/api/meta/diagram',
      { schema: { summary: 'Save the positions of the ER diagram\'s boxes, replacing the saved ones (admins)', tags, body: { type: 'object', properties: { positions: positionsSchema } } }, attachValidation: true },
      async (request) => {
        const actor = requireAdmin(request);
        const metadata = await loadMetadata(engine.knex, actor.tenant.schema);
        const positions = parseDiagramPositions(request.body, new Set(metadata.objects.map((o) => o.api_name)));
        await saveDiagramPositions(engine.knex, actor.tenant.schema, ER, positions, actor.userId);
        return { positions };
      },
    );
  };
}
