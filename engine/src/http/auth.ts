import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type Actor } from '../kernel/index.ts';
import { SESSION_COOKIE } from '../access/index.ts';
import type { Engine } from './engine.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}

const PUBLIC = new Set(['/api/health', '/api/auth/login']);
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The authenticated actor of a request; routes behind the auth hook can rely on it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized');
  return request.actor;
}

export function requireAdmin(request: FastifyRequest): Actor {
  const actor = actorOf(request);
  if (!actor.isAdmin) throw new AppError('forbidden', 'Only administrators may change metadata');
  return actor;
}

/**
 * Every /api route but health and login needs a credential: a bearer token, or the session cookie
 * for reads (writes by cookie wait for CSRF protection, so they are refused).
 */
export function registerAuth(app: FastifyInstance, engine: Engine): void {
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || PUBLIC.has(path)) return;
    const header = request.headers.authorization;
    let token: string | undefined;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('unauthorized', 'Use Authorization: Bearer <token>');
      token = match[1];
    } else if (SAFE_METHODS.has(request.method)) {
      token = request.cookies[SESSION_COOKIE];
    }
    if (!token) throw new AppError('unauthorized', 'Log in first: POST /api/auth/login, then send Authorization: Bearer <token>');
    const actor = await engine.sessions.resolve(token);
    if (!actor) throw new AppError('unauthorized', 'The token is unknown, expired or revoked; log in again');
    request.actor = actor;
  });
}
