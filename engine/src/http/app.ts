import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createAjv } from '../kernel/index.ts';
import type { Engine } from './engine.ts';
import { registerProblemHandlers, sendFrameworkError } from './problem.ts';
import { registerJsonParser } from './json-body.ts';
import { registerAuth } from './auth.ts';
import { healthRoutes } from './health-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { passwordResetRoutes } from './password-reset-routes.ts';
import { apiKeyRoutes } from './api-key-routes.ts';
import { adminRoutes } from './admin-routes.ts';
import { metaRoutes } from './meta-routes.ts';
import { rulePreviewRoutes } from './rule-preview-routes.ts';
import { recordRoutes } from './record-routes.ts';
import { searchRoutes } from './search-routes.ts';
import { historyRoutes } from './history-routes.ts';
import { recycleBinRoutes } from './recycle-bin-routes.ts';
import { aggregateRoutes } from './aggregate-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { savedViewRoutes } from './saved-view-routes.ts';
import { openapiRoutes } from './openapi-routes.ts';
import { formsRoutes } from './forms-routes.ts';
import { userDirectoryRoutes } from './user-directory-routes.ts';
import { diagramRoutes } from './diagram-routes.ts';
import { packageRoutes } from './package-routes.ts';
import { appStatic, designerStatic } from './app-static.ts';

export interface AppOptions {
  /** Fastify's pino logger: false in tests, a level such as 'warn' when serving. */
  logger?: boolean | { level: string };
}

/** The HTTP face of one engine: one Fastify plugin per area, errors as problem+json. */
export async function buildApp(engine: Engine, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: engine.config.bodyLimit,
    frameworkErrors: sendFrameworkError,
    // request.ip (login lockout, audit log) comes from X-Forwarded-For only for proxies the operator names.
    trustProxy: engine.config.trustProxy,
  });
  // Query strings and path parameters are text, so they are coerced to their schema's types; bodies are
  // JSON and must already have the right types — a string never silently becomes a list or a number.
  const strict = createAjv();
  const coercing = createAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
  registerProblemHandlers(app);
  registerJsonParser(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tessera API', version: '1', description: 'The engine routes. Record routes per object are added by the live document at /api/openapi.json.' },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { urls: [{ url: '/api/openapi.json', name: 'Your tenant (live)' }], persistAuthorization: true } });
  registerAuth(app, engine);
  await app.register(healthRoutes(engine));
  await app.register(authRoutes(engine));
  await app.register(passwordResetRoutes(engine));
  await app.register(apiKeyRoutes(engine));
  await app.register(adminRoutes(engine));
  await app.register(metaRoutes(engine));
  await app.register(rulePreviewRoutes(engine));
  await app.register(recordRoutes(engine));
  await app.register(searchRoutes(engine));
  await app.register(historyRoutes(engine));
  await app.register(recycleBinRoutes(engine));
  await app.register(aggregateRoutes(engine));
  await app.register(exportRoutes(engine));
  await app.register(savedViewRoutes(engine));
  await app.register(openapiRoutes(engine));
  await app.register(formsRoutes(engine));
  await app.register(userDirectoryRoutes(engine));
  await app.register(diagramRoutes(engine));
  await app.register(packageRoutes(engine));
  await app.register(appStatic());
  await app.register(designerStatic());
  await app.ready();
  return app;
}
