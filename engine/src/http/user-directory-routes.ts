import type { FastifyInstance } from 'fastify';
import { DIRECTORY_MAX_LIMIT, searchUserDirectory } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';

type DirectoryQuery = { q?: string; id?: string[]; limit?: number };

const directoryUser = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    email: { type: 'string' },
    department: { type: ['string', 'null'], description: 'The name of their department' },
    active: { type: 'boolean', description: 'false only for a deactivated user asked for by id' },
  },
} as const;

/** GET /api/users: the tenant's user directory for pickers, open to every user (docs/http-api.md#user-directory). */
export function userDirectoryRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: DirectoryQuery }>(
      '/api/users',
      {
        schema: {
          summary: 'Find colleagues to pick as a user field’s value or an owner',
          description: 'Active users of your tenant whose name, a word of their name or email begins with q (case-insensitive), by name; or the users with the given ids (deactivated ones too, to name a stored value). Only id, name, email and department.',
          tags: ['users'],
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              q: { type: 'string', maxLength: 100, pattern: '^[^\\u0000-\\u001f]*$', description: 'The beginning of a name, of a word of a name, or of an email; empty or absent: everyone' },
              id: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: DIRECTORY_MAX_LIMIT, description: 'Users by id (repeat the parameter): all of them; q and limit are then ignored' },
              limit: { type: 'integer', minimum: 1, maximum: DIRECTORY_MAX_LIMIT, default: 20 },
            },
          },
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: directoryUser } } } },
        },
      },
      async (request) => {
        const { q, id, limit = 20 } = request.query;
        return { items: await searchUserDirectory(engine.knex, actorOf(request).tenant.schema, { q, ids: id, limit }) };
      },
    );
  };
}
