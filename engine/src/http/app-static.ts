import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** A browser app built by Vite into `<folder>/dist` and served by the engine under `prefix`. */
export interface BuiltApp {
  /** The URL prefix, e.g. `/app`. */
  prefix: string;
  /** The app's folder at the repository root, e.g. `runtime-ui`. */
  folder: string;
  /** The command the "not built" page tells the admin to run. */
  buildCommand: string;
}

export const RUNTIME_UI: BuiltApp = { prefix: '/app', folder: 'runtime-ui', buildCommand: 'npm run build:ui' };
export const DESIGNER: BuiltApp = { prefix: '/designer', folder: 'designer', buildCommand: 'npm run build:designer' };

/** Where Vite writes an app: beside the engine's sources (engine/src/http) or its build (dist/http). */
function candidates(folder: string): string[] {
  return [`../../../${folder}/dist`, `../../${folder}/dist`].map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));
}

/** The built app's folder, or undefined while it is not built. Looked up per request: a rebuild needs no restart. */
export function builtDir(folder: string): string | undefined {
  return candidates(folder).find((dir) => existsSync(path.join(dir, 'index.html')));
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * One built app at its prefix: hashed assets cached for a year, a missing one a 404 (never the page: the
 * browser would try to run HTML), and any other path under the prefix answered with index.html so the
 * app's own router handles it (a reload on /app/o/account keeps working). Files are sent by
 * @fastify/send, which refuses paths that leave the folder.
 */
export function staticApp(built: BuiltApp, dirOf: () => string | undefined = () => builtDir(built.folder)) {
  const { prefix } = built;
  const notBuilt = `<!doctype html><meta charset="utf-8"><title>Tessera</title><p>This app is not built yet: run <code>${built.buildCommand}</code> (<code>npm start</code> builds it).</p>`;
  return async (app: FastifyInstance) => {
    await app.register(fastifyStatic, { root: path.dirname(candidates(built.folder)[0] as string), serve: false, index: false });
    const shell = async (_request: FastifyRequest, reply: FastifyReply) => {
      const dir = dirOf();
      if (!dir) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuilt);
      return reply.header('cache-control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
    };
    // Pages, not API: left out of the OpenAPI document.
    const page = { schema: { hide: true } };
    app.get(prefix, page, (_request, reply) => reply.redirect(`${prefix}/`));
    app.get(`${prefix}/`, page, shell);
    app.get(`${prefix}/*`, page, shell);
    app.get<{ Params: { '*': string } }>(`${prefix}/assets/*`, page, async (request, reply) => {
      const dir = dirOf();
      if (!dir) return reply.callNotFound();
      // Rooted at assets/ itself, so `..` cannot reach index.html's folder either.
      return reply.sendFile(request.params['*'], path.join(dir, 'assets'), { maxAge: YEAR_MS, immutable: true });
    });
  };
}

/** The end-user app at /app (and `/` leads there). */
export function appStatic(dirOf?: () => string | undefined) {
  const serve = staticApp(RUNTIME_UI, dirOf);
  return async (app: FastifyInstance) => {
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/app/'));
    await serve(app);
  };
}

/** The designer (admins build objects and fields) at /designer. */
export function designerStatic(dirOf?: () => string | undefined) {
  return staticApp(DESIGNER, dirOf);
}
