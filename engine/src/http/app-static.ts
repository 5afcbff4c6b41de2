import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where Vite writes the end-user app: beside the engine's sources (engine/src/http) or its build (dist/http). */
const CANDIDATES = ['../../../runtime-ui/dist', '../../runtime-ui/dist'].map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));

/** The built app's folder, or undefined while it is not built. Looked up per request: a rebuild needs no restart. */
export function runtimeUiDir(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(path.join(dir, 'index.html')));
}

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Tessera</title><p>The app is not built yet: run <code>npm run build:ui</code> (<code>npm start</code> builds it).</p>';
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The end-user app at /app: hashed assets cached for a year, a missing one a 404 (never the page: the
 * browser would try to run HTML), and any other /app path answered with index.html so the app's own
 * router handles it (a reload on /app/o/account keeps working). Files are sent by @fastify/send, which
 * refuses paths that leave the folder.
 */
export function appStatic(dirOf: () => string | undefined = runtimeUiDir) {
  return async (app: FastifyInstance) => {
    await app.register(fastifyStatic, { root: path.dirname(CANDIDATES[0] as string), serve: false, index: false });
    const shell = async (_request: FastifyRequest, reply: FastifyReply) => {
      const dir = dirOf();
      if (!dir) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
      return reply.header('cache-control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
    };
    // Pages, not API: left out of the OpenAPI document.
    const page = { schema: { hide: true } };
    app.get('/', page, (_request, reply) => reply.redirect('/app/'));
    app.get('/app', page, (_request, reply) => reply.redirect('/app/'));
    app.get('/app/', page, shell);
    app.get('/app/*', page, shell);
    app.get<{ Params: { '*': string } }>('/app/assets/*', page, async (request, reply) => {
      const dir = dirOf();
      if (!dir) return reply.callNotFound();
      // Rooted at assets/ itself, so `..` cannot reach index.html's folder either.
      return reply.sendFile(request.params['*'], path.join(dir, 'assets'), { maxAge: YEAR_MS, immutable: true });
    });
  };
}
