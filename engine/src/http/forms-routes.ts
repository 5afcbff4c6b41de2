import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../kernel/index.ts';
import { LOCALES, type LayoutDef, type Locale } from '../metadata/index.ts';
import { buildForm, type CompiledObject, type FormDefinition, type FormMode } from '../contracts/index.ts';
import { getUser, loadEffectivePermissions, loadRecordAccess, withFormulaMask } from '../access/index.ts';
import { requireCompiledObject } from '../records/index.ts';
import { validateObject } from '../schema/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf, requireAdmin } from './auth.ts';

type FormQuery = { layout?: string; mode?: FormMode; locale?: Locale };
type PreviewQuery = Omit<FormQuery, 'layout'>;

const modeAndLocale = {
  mode: { enum: ['create', 'update'], description: 'create (default): required fields are the create schema\'s; update: only those always required' },
  locale: { enum: [...LOCALES], description: 'Labels in this language; default: my own' },
} as const;

const formQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    layout: { type: 'string', minLength: 1, maxLength: 63, description: 'A layout API name; default: the first layout for my roles, else all fields' },
    ...modeAndLocale,
  },
} as const;

const objectParams = { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } } as const;

const PREVIEW_ADMINS_ONLY = 'Only administrators may preview layouts';

/** Where a layout sent alone sits in the object definition it is checked in. */
const CHECKED_AT = 'layouts.0';

/**
 * GET /api/forms/:object: the form of an object for me, for react-jsonschema-form (contracts/form-schema.ts).
 * POST /api/forms/:object/preview: the same form for a layout not saved yet (the designer's live preview).
 */
export function formsRoutes(engine: Engine) {
  /** The form of `object` for the caller: their field access and roles, the layout chosen as buildForm does. */
  async function formFor(request: FastifyRequest, name: string, query: FormQuery, layouts?: (object: CompiledObject) => LayoutDef[]): Promise<FormDefinition> {
    const actor = actorOf(request);
    const model = await engine.models.get(actor.tenant.slug);
    const stored = requireCompiledObject(model, name);
    const object = layouts ? { ...stored, def: { ...stored.def, layouts: layouts(stored) } } : stored;
    const reuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
    const load = (def: typeof object.def) => loadRecordAccess(engine.knex, model, actor, def, reuse);
    const access = await withFormulaMask(await load(object.def), object.def, model, load);
    const mode = query.mode ?? 'create';
    if (!access.permissions.canRead) throw new AppError('forbidden', `You may not read records of "${object.def.api_name}"`);
    if (mode === 'create' && !access.permissions.canCreate) throw new AppError('forbidden', `You may not create records of "${object.def.api_name}"`);
    const byRole = (object.def.layouts ?? []).some((l) => l.roles && l.roles.length > 0);
    const roles = byRole ? (await loadEffectivePermissions(engine.knex, model.tenant.schema, actor.userId)).roles : [];
    const locale = query.locale ?? asLocale((await getUser(engine.knex, model.tenant.schema, actor.userId)).locale);
    return buildForm({
      object,
      metadata: model.metadata,
      actor: { readable: access.fields.readable, editable: access.fields.editable, roles },
      locale,
      mode,
      layout: query.layout,
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Params: { object: string }; Querystring: FormQuery }>(
      '/api/forms/:object',
      {
        schema: {
          summary: 'The form of an object for me: {schema, uiSchema, layout} for react-jsonschema-form, only the fields I may read',
          tags: ['forms'],
          params: objectParams,
          querystring: formQuery,
        },
      },
      (request) => formFor(request, request.params.object, request.query),
    );

    app.post<{ Params: { object: string }; Querystring: PreviewQuery; Body: { layout: LayoutDef } }>(
      '/api/forms/:object/preview',
      {
        schema: {
          summary: 'Administrators: the form GET /api/forms/:object would give for a layout not saved yet, the layout checked as saving it would (nothing is saved)',
          tags: ['forms'],
          params: objectParams,
          querystring: { type: 'object', additionalProperties: false, properties: modeAndLocale },
          body: { type: 'object', required: ['layout'], additionalProperties: false, properties: { layout: { type: 'object', description: 'A layout as in the object definition (docs/metadata.md#layouts)' } } },
        },
        // Administrators only, decided before the body is read or checked (a non-admin learns nothing of it).
        onRequest: async (request) => {
          requireAdmin(request, PREVIEW_ADMINS_ONLY);
        },
      },
      async (request) => {
        const actor = requireAdmin(request, PREVIEW_ADMINS_ONLY);
        const model = await engine.models.get(actor.tenant.slug);
        const object = requireCompiledObject(model, request.params.object);
        const layout = request.body.layout;
        checkLayout(object, layout, model.metadata, engine);
        // Alone on the object and for everyone, so the form is this layout's whatever its name and roles.
        const { roles: _roles, ...forEveryone } = layout;
        return formFor(request, object.def.api_name, request.query, () => [forEveryone]);
      },
    );
  };
}

/**
 * The layout checked exactly as saving it in the object would check it (validateObject: the metadata
 * schema, then the layout rules), alone in the object; problems are named from the body (`layout.…`).
 */
function checkLayout(object: CompiledObject, layout: LayoutDef, metadata: Parameters<typeof validateObject>[1], engine: Engine): void {
  try {
    validateObject({ ...object.def, layouts: [layout] }, metadata, engine.registry, engine.operators);
  } catch (err) {
    if (!isAppError(err) || !err.errors) throw err;
    const errors = err.errors.map((e) => ({ ...e, field: e.field === CHECKED_AT || e.field.startsWith(`${CHECKED_AT}.`) ? `layout${e.field.slice(CHECKED_AT.length)}` : e.field }));
    throw new AppError(err.code, `The layout has ${errors.length} problem(s): ${errors[0]?.field} ${errors[0]?.message}`, { errors, extra: err.extra });
  }
}

function asLocale(value: string): Locale {
  return (LOCALES as readonly string[]).includes(value) ? (value as Locale) : 'en';
}
