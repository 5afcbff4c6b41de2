import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type Actor } from '../kernel/index.ts';
import { CSRF_HEADER, SESSION_COOKIE, sameHash, sha256, type Credential, type RequestOrigin } from '../access/index.ts';
import type { Engine } from './engine.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    credential: Credential | undefined;
  }
}

const PUBLIC = new Set(['/api/health', '/api/auth/login', '/api/auth/password-reset/request', '/api/auth/password-reset/confirm']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The authenticated actor of a request; routes behind the auth hook can rely on it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized');
  return request.actor;
}

export function credentialOf(request: FastifyRequest): Credential {
  if (!request.credential) throw new AppError('unauthorized');
  return request.credential;
}

export function requireAdmin(request: FastifyRequest, detail = 'Only administrators may do this'): Actor {
  const actor = actorOf(request);
  if (!actor.isAdmin) throw new AppError('forbidden', detail);
  return actor;
}

/** Where a request came from, for the audit log and the login throttle. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : undefined };
}

function csrfMatches(request: FastifyRequest, credential: Credential): boolean {
  const header = request.headers[CSRF_HEADER];
  return typeof header === 'string' && header.length > 0 && header.length <= 200 && credential.csrfHash !== null && sameHash(sha256(header), credential.csrfHash);
}

/**
 * Every /api route but health, login and the password reset needs a credential: a bearer token (a session
 * token or an API key), or the session cookie. A write authenticated by the cookie must also carry the
 * session's CSRF token in X-CSRF-Token (403 csrf_failed otherwise); bearer writes need none, as no
 * browser attaches an Authorization header on its own.
 */
export function registerAuth(app: FastifyInstance, engine: Engine): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('credential', undefined);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || PUBLIC.has(path)) return;
    const header = request.headers.authorization;
    let credential: Credential | undefined;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('unauthorized', 'Use Authorization: Bearer <token>');
      credential = await engine.credentials.resolve(match[1] as string);
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) throw new AppError('unauthorized', 'Log in first: POST /api/auth/login, then send Authorization: Bearer <token>');
      credential = await engine.credentials.resolve(cookie);
      // The cookie carries sessions only: an API key is a bearer credential.
      if (credential && credential.kind !== 'session') credential = undefined;
      if (credential && !SAFE_METHODS.has(request.method) && !csrfMatches(request, credential)) {
        throw new AppError('csrf_failed', 'A write authenticated by the session cookie must send the CSRF token from login (also in the tessera_csrf cookie) in X-CSRF-Token');
      }
    }
    if (!credential) throw new AppError('unauthorized', 'The token is unknown, expired or revoked; log in again');
    request.credential = credential;
    request.actor = credential.actor;
  });
}
