import type { FastifyInstance } from 'fastify';
import { listAudit } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';

type AuditQuerystring = { kind?: string; since?: string; until?: string; user_id?: string; limit?: number; cursor?: string };

const auditQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', maxLength: 1000, description: 'One kind or several, comma-separated (login_failed,login_locked)' },
    since: { type: 'string', format: 'date-time', description: 'Entries at or after' },
    until: { type: 'string', format: 'date-time', description: 'Entries before' },
    user_id: { type: 'string', format: 'uuid', description: 'Entries about or by this user' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const;

export function adminAuditRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: AuditQuerystring }>(
      '/api/admin/audit',
      { schema: { summary: 'The security audit log, newest first, keyset-paged', tags: ['admin'], querystring: auditQuery } },
      async (request) => {
        const q = request.query;
        return listAudit(engine.knex, actorOf(request).tenant.schema, {
          kinds: q.kind?.split(',').map((k) => k.trim()).filter(Boolean),
          since: q.since === undefined ? undefined : new Date(q.since),
          until: q.until === undefined ? undefined : new Date(q.until),
          userId: q.user_id,
          limit: q.limit ?? 50,
          cursor: q.cursor,
        });
      },
    );
  };
}
