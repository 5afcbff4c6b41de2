import type { FastifyInstance } from 'fastify';
import { DEFAULT_TENANT } from '../db/index.ts';
import { SESSION_COOKIE, login } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf } from './auth.ts';

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 320 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    tenant: { type: 'string', maxLength: 40, description: 'The tenant slug; the default tenant when omitted' },
  },
} as const;

export function authRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { email: string; password: string; tenant?: string } }>(
      '/api/auth/login',
      { schema: { summary: 'Log in: returns a bearer token and sets a session cookie', tags: ['auth'], security: [], body: loginBody } },
      async (request, reply) => {
        const result = await login(engine.knex, { email: request.body.email, password: request.body.password, tenant: request.body.tenant ?? DEFAULT_TENANT }, engine.config.sessionTtlSeconds);
        reply.setCookie(SESSION_COOKIE, result.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          expires: result.expiresAt,
        });
        return { token: result.token, expires_at: result.expiresAt.toISOString(), tenant: result.tenant.slug, user: result.user };
      },
    );
    app.post('/api/auth/logout', { schema: { summary: 'End this session', tags: ['auth'] } }, async (request, reply) => {
      actorOf(request);
      const header = request.headers.authorization;
      const token = header ? header.replace(/^Bearer\s+/i, '') : request.cookies[SESSION_COOKIE];
      if (token) await engine.sessions.revoke(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });
    app.get('/api/auth/me', { schema: { summary: 'Who am I', tags: ['auth'] } }, async (request) => {
      const actor = actorOf(request);
      return { id: actor.userId, email: actor.email, is_admin: actor.isAdmin, tenant: actor.tenant.slug };
    });
  };
}
