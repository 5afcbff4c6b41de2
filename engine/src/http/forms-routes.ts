import type { FastifyInstance } from 'fastify';
import { AppError } from '../kernel/index.ts';
import { LOCALES, type Locale } from '../metadata/index.ts';
import { buildForm, type FormMode } from '../contracts/index.ts';
import { getUser, loadEffectivePermissions, loadRecordAccess, withFormulaMask } from '../access/index.ts';
import { requireCompiledObject } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf } from './auth.ts';

type FormQuery = { layout?: string; mode?: FormMode; locale?: Locale };

const formQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    layout: { type: 'string', minLength: 1, maxLength: 63, description: 'A layout API name; default: the first layout for my roles, else all fields' },
    mode: { enum: ['create', 'update'], description: 'create (default): required fields are the create schema\'s; update: only those always required' },
    locale: { enum: [...LOCALES], description: 'Labels in this language; default: my own' },
  },
} as const;

/** GET /api/forms/:object: the form of an object for me, for react-jsonschema-form (contracts/form-schema.ts). */
export function formsRoutes(engine: Engine) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string }; Querystring: FormQuery }>(
      '/api/forms/:object',
      {
        schema: {
          summary: 'The form of an object for me: {schema, uiSchema, layout} for react-jsonschema-form, only the fields I may read',
          tags: ['forms'],
          params: { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } },
          querystring: formQuery,
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const model = await engine.models.get(actor.tenant.slug);
        const object = requireCompiledObject(model, request.params.object);
        const reuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
        const load = (def: typeof object.def) => loadRecordAccess(engine.knex, model, actor, def, reuse);
        const access = await withFormulaMask(await load(object.def), object.def, model, load);
        const mode = request.query.mode ?? 'create';
        if (!access.permissions.canRead) throw new AppError('forbidden', `You may not read records of "${object.def.api_name}"`);
        if (mode === 'create' && !access.permissions.canCreate) throw new AppError('forbidden', `You may not create records of "${object.def.api_name}"`);
        const byRole = (object.def.layouts ?? []).some((l) => l.roles && l.roles.length > 0);
        const roles = byRole ? (await loadEffectivePermissions(engine.knex, model.tenant.schema, actor.userId)).roles : [];
        const locale = request.query.locale ?? asLocale((await getUser(engine.knex, model.tenant.schema, actor.userId)).locale);
        return buildForm({
          object,
          metadata: model.metadata,
          actor: { readable: access.fields.readable, editable: access.fields.editable, roles },
          locale,
          mode,
          layout: request.query.layout,
        });
      },
    );
  };
}

function asLocale(value: string): Locale {
  return (LOCALES as readonly string[]).includes(value) ? (value as Locale) : 'en';
}
