import type { FastifyInstance } from 'fastify';
import { listInstalledPackages } from '../transfer/index.ts';
import type { Engine } from './engine.ts';
import { requireAdmin } from './auth.ts';

const installedPackage = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    label: { type: 'object', additionalProperties: { type: 'string' } },
    installed_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    objects: { type: 'array', items: { type: 'string' }, description: 'API names of the objects the package brought (its standard objects)' },
  },
} as const;

/**
 * GET /api/meta/packages: the packages installed in the caller's tenant (`tessera package install`) and the
 * objects each brought, so the designer can tell standard objects from custom ones. Admins only.
 */
export function packageRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/meta/packages',
      { schema: { summary: 'Installed packages and the objects they brought (admins)', tags: ['metadata'], response: { 200: { type: 'object', properties: { items: { type: 'array', items: installedPackage } } } } } },
      async (request) => {
        const actor = requireAdmin(request, 'Only administrators may see the installed packages');
        const packages = await listInstalledPackages(engine.knex, actor.tenant.schema);
        return {
          items: packages.map((p) => ({ name: p.name, version: p.version, label: p.label, installed_at: p.installed_at, updated_at: p.updated_at, objects: Object.keys(p.provenance?.objects ?? {}).sort() })),
        };
      },
    );
  };
}
