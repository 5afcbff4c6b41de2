import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { DEFAULT_TENANT } from '../db/index.ts';
import { CSRF_COOKIE, SESSION_COOKIE, changePassword, getUser, login, recordAudit, revokeSession } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf, originOf } from './auth.ts';

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

const passwordBody = {
  type: 'object',
  required: ['current', 'new'],
  additionalProperties: false,
  properties: {
    current: { type: 'string', minLength: 1, maxLength: 1024 },
    new: { type: 'string', maxLength: 1024, description: '8 to 256 characters' },
  },
} as const;

function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string, expires: Date): void {
  const common = { path: '/', sameSite: 'lax', secure: request.protocol === 'https', expires } as const;
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  // Readable by the page on purpose: its script copies it into X-CSRF-Token (another site cannot read it).
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export function authRoutes(engine: Engine) {
  const throttle = () => ({ maxFailures: engine.config.loginMaxFailures, lockoutSeconds: engine.config.loginLockoutSeconds });
  return async (app: FastifyInstance) => {
    app.post<{ Body: { email: string; password: string; tenant?: string } }>(
      '/api/auth/login',
      {
        schema: {
          summary: 'Log in: returns a bearer token and a CSRF token, and sets the session and CSRF cookies',
          description: 'Repeated failures for one email from one address lock it out for a while: 429 too_many_attempts with Retry-After.',
          tags: ['auth'],
          security: [],
          body: loginBody,
        },
      },
      async (request, reply) => {
        const result = await login(
          engine.knex,
          { email: request.body.email, password: request.body.password, tenant: request.body.tenant ?? DEFAULT_TENANT, origin: originOf(request) },
          { ...throttle(), sessionTtlSeconds: engine.config.sessionTtlSeconds },
        );
        setSessionCookies(request, reply, result.token, result.csrfToken, result.expiresAt);
        return { token: result.token, csrf_token: result.csrfToken, expires_at: result.expiresAt.toISOString(), tenant: result.tenant.slug, user: result.user };
      },
    );
    app.post('/api/auth/logout', { schema: { summary: 'End this session (by bearer token, or by cookie with X-CSRF-Token)', tags: ['auth'] } }, async (request, reply) => {
      const credential = credentialOf(request);
      if (credential.kind !== 'session') throw new AppError('bad_request', 'An API key is not a session: revoke it with DELETE /api/auth/api-keys/:id');
      const { actor } = credential;
      await revokeSession(engine.knex, actor.tenant.schema, credential.id);
      await recordAudit(engine.knex, actor.tenant.schema, { kind: 'logout', actorId: actor.userId, userId: actor.userId, email: actor.email, origin: originOf(request), targetId: credential.id });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send();
    });
    app.get('/api/auth/me', { schema: { summary: 'Who am I: profile, roles, permission sets and how I authenticated', tags: ['auth'] } }, async (request) => {
      const credential = credentialOf(request);
      const actor = actorOf(request);
      const user = await getUser(engine.knex, actor.tenant.schema, actor.userId);
      return { ...user, tenant: actor.tenant.slug, credential: credential.kind };
    });
    app.post<{ Body: { current: string; new: string } }>(
      '/api/auth/password',
      { schema: { summary: 'Change my password; my other sessions end', tags: ['auth'], body: passwordBody } },
      async (request) => {
        const credential = credentialOf(request);
        const result = await changePassword(
          engine.knex,
          credential.actor,
          { current: request.body.current, next: request.body.new, keepSessionId: credential.kind === 'session' ? credential.id : undefined, origin: originOf(request) },
          throttle(),
        );
        return { sessions_revoked: result.sessionsRevoked };
      },
    );
  };
}
