import type { FastifyInstance } from 'fastify';
import { DEFAULT_TENANT } from '../db/index.ts';
import { confirmPasswordReset, requestPasswordReset } from '../access/index.ts';
import type { Engine } from './engine.ts';
import { originOf } from './auth.ts';

const requestBody = {
  type: 'object',
  required: ['email'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 320 },
    tenant: { type: 'string', maxLength: 40, description: 'The tenant slug; the default tenant when omitted' },
  },
} as const;

const confirmBody = {
  type: 'object',
  required: ['token', 'password'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 200, description: 'The token from the reset mail (or from `tessera user reset-password`)' },
    password: { type: 'string', maxLength: 1024, description: 'The new password, 8 to 256 characters' },
  },
} as const;

/** Password reset, public: a token by mail (or printed by the CLI), then a new password with it. */
export function passwordResetRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { email: string; tenant?: string } }>(
      '/api/auth/password-reset/request',
      {
        schema: {
          summary: 'Mail a single-use reset token (valid 1 h); always 202, whether or not the email is known',
          description: 'Mail is sent only when TESSERA_SMTP_URL is set; otherwise an operator runs `tessera user reset-password`.',
          tags: ['auth'],
          security: [],
          body: requestBody,
        },
      },
      async (request, reply) => {
        await requestPasswordReset(
          engine.knex,
          { email: request.body.email, tenant: request.body.tenant ?? DEFAULT_TENANT, origin: originOf(request) },
          { mailer: engine.mailer, ttlSeconds: engine.config.passwordResetTtlSeconds, logger: engine.logger },
        );
        return reply.status(202).send({ status: 'accepted', detail: 'If the email belongs to an active user, a reset token is on its way' });
      },
    );
    app.post<{ Body: { token: string; password: string } }>(
      '/api/auth/password-reset/confirm',
      { schema: { summary: 'Set a new password with a reset token; every session of the user ends', tags: ['auth'], security: [], body: confirmBody } },
      async (request, reply) => {
        await confirmPasswordReset(engine.knex, { token: request.body.token, password: request.body.password, origin: originOf(request) });
        return reply.status(204).send();
      },
    );
  };
}
