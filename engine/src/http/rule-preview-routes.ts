import type { FastifyInstance } from 'fastify';
import { FORMULA_RETURN_TYPES } from '../field-types/index.ts';
import { previewRule } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { requireAdmin } from './auth.ts';
import { recordContextOf } from './record-context.ts';

const objectParams = { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } } as const;

const previewBody = {
  type: 'object',
  required: ['rule', 'kind'],
  additionalProperties: false,
  properties: {
    rule: { description: 'The JSON-logic rule, checked exactly as saving it would be' },
    kind: { enum: ['formula', 'condition', 'default'] },
    return_type: { enum: [...FORMULA_RETURN_TYPES], description: 'formula: required; default without field: the type its value must fit' },
    scale: { type: 'integer', minimum: 0, maximum: 15, description: 'formula, numbers: decimals kept (default 2)' },
    field: { type: 'string', description: 'default: the field whose default_rule this is' },
    record_id: { type: 'string', format: 'uuid', description: 'The sample record; default: the most recently updated live one' },
  },
} as const;

/** POST /api/meta/objects/:object/preview-rule: a rule checked as saving would, run on a real record, nothing saved (docs/http-api.md#rule-preview). */
export function rulePreviewRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    // Administrators only, decided before the body is looked at.
    app.addHook('onRequest', async (request) => {
      requireAdmin(request);
    });
    app.post<{ Params: { object: string } }>(
      '/api/meta/objects/:object/preview-rule',
      {
        schema: {
          summary: 'Preview a rule (formula, condition, default) on a real record, checked as saving would — nothing is saved',
          tags: ['metadata'],
          params: objectParams,
          body: previewBody,
        },
        // The body is checked by records/preview-rule.ts (422 invalid_metadata naming each property); the schema documents it.
        attachValidation: true,
      },
      async (request) => previewRule(await recordContextOf(engine, request), request.params.object, request.body),
    );
  };
}
