import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, isUuid } from '../kernel/index.ts';
import {
  getChange,
  listChanges,
  loadMetadata,
  normalizeFieldInput,
  normalizeFieldPatch,
  normalizeObjectInput,
  normalizeObjectPatch,
  requireObject,
  type MetadataChange,
} from '../metadata/index.ts';
import { applyChange, previewChange, revertChange, type AppliedChange, type PlanReport } from '../schema/index.ts';
import { relatedLists } from '../query/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, requireAdmin } from './auth.ts';

type ObjectParams = { object: string };
type FieldParams = { object: string; field: string };

const objectParams = { type: 'object', required: ['object'], properties: { object: { type: 'string', maxLength: 100 } } } as const;
const fieldParams = { type: 'object', required: ['object', 'field'], properties: { object: { type: 'string', maxLength: 100 }, field: { type: 'string', maxLength: 100 } } } as const;
// No `type` here: Fastify would refuse a non-object as `validation_failed` (a record's code); the
// metadata normalisers refuse it as `invalid_metadata`, naming the body.
const anyBody = { description: 'A JSON object; see docs/metadata.md for the definition format' } as const;

function describePlan(report: PlanReport) {
  return {
    object: report.plan.object,
    kind: report.plan.change.kind === 'replace_object' && report.plan.change.reverts ? 'revert' : report.plan.change.kind,
    operations: report.plan.operations.map((o) => ({ op: o.op, description: o.description, sql: o.sql })),
    sql: report.plan.operations.map((o) => o.sql),
    checks: report.checks,
    applicable: report.applicable,
    before: report.plan.before,
    after: report.plan.after,
  };
}

function describeApplied(applied: AppliedChange) {
  return { id: applied.id, version: applied.version, ...describePlan(applied) };
}

/** The body of POST /api/meta/plan: a change in the same words as the routes that apply one. */
function parsePlanBody(body: unknown): MetadataChange {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const object = typeof input.object === 'string' ? input.object : '';
  const field = typeof input.field === 'string' ? input.field : '';
  switch (input.kind) {
    case 'create_object':
      return { kind: 'create_object', object: normalizeObjectInput(input.definition) };
    case 'update_object':
      return { kind: 'update_object', object, patch: normalizeObjectPatch(input.patch) };
    case 'archive_object':
      return { kind: 'archive_object', object };
    case 'create_field':
      return { kind: 'create_field', object, field: normalizeFieldInput(input.definition) };
    case 'update_field':
      return { kind: 'update_field', object, field, patch: normalizeFieldPatch(input.patch) };
    case 'archive_field':
      return { kind: 'archive_field', object, field };
    default:
      throw new AppError('bad_request', 'kind must be one of create_object, update_object, archive_object, create_field, update_field, archive_field', { errors: [{ field: 'kind', message: 'is not a known change' }] });
  }
}

export function metaRoutes(engine: Engine) {
  const ctx = { knex: engine.knex, registry: engine.registry, operators: engine.operators };
  const apply = async (request: FastifyRequest, change: MetadataChange) => {
    const actor = requireAdmin(request);
    const applied = await applyChange(ctx, actor.tenant, change, actor.userId);
    engine.models.invalidate(actor.tenant.slug, applied.version);
    return describeApplied(applied);
  };

  return async (app: FastifyInstance) => {
    // Authorise before any write, ahead of body validation: a non-admin gets 403, never a verdict on their input.
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') requireAdmin(request);
    });
    app.get<{ Querystring: { include_archived?: boolean } }>(
      '/api/meta/objects',
      { schema: { summary: 'List objects with their fields', tags: ['metadata'], querystring: { type: 'object', properties: { include_archived: { type: 'boolean' } } } } },
      async (request) => {
        const actor = actorOf(request);
        const metadata = await loadMetadata(engine.knex, actor.tenant.schema);
        return { version: metadata.version, items: metadata.objects.filter((o) => request.query.include_archived || !o.archived) };
      },
    );
    app.post('/api/meta/objects', { schema: { summary: 'Create an object (and its table)', tags: ['metadata'], body: anyBody } }, async (request, reply) => {
      const result = await apply(request, { kind: 'create_object', object: normalizeObjectInput(request.body) });
      return reply.status(201).send(result);
    });
    app.get<{ Params: ObjectParams }>('/api/meta/objects/:object', { schema: { summary: 'One object with its fields', tags: ['metadata'], params: objectParams } }, async (request) => {
      const metadata = await loadMetadata(engine.knex, actorOf(request).tenant.schema);
      const object = requireObject(metadata, request.params.object, true);
      return { ...object, related: relatedLists(metadata, engine.registry, object.api_name) };
    });
    app.patch<{ Params: ObjectParams }>('/api/meta/objects/:object', { schema: { summary: 'Change labels, icon, name field; archived:false restores', tags: ['metadata'], params: objectParams, body: anyBody } }, async (request) => {
      return apply(request, { kind: 'update_object', object: request.params.object, patch: normalizeObjectPatch(request.body) });
    });
    app.delete<{ Params: ObjectParams }>('/api/meta/objects/:object', { schema: { summary: 'Archive an object (its table and data are kept)', tags: ['metadata'], params: objectParams } }, async (request) => {
      return apply(request, { kind: 'archive_object', object: request.params.object });
    });
    app.post<{ Params: ObjectParams }>('/api/meta/objects/:object/fields', { schema: { summary: 'Add a field (and its column)', tags: ['metadata'], params: objectParams, body: anyBody } }, async (request, reply) => {
      const result = await apply(request, { kind: 'create_field', object: request.params.object, field: normalizeFieldInput(request.body) });
      return reply.status(201).send(result);
    });
    app.patch<{ Params: FieldParams }>('/api/meta/objects/:object/fields/:field', { schema: { summary: 'Change a field; type changes only along safe casts; archived:false restores', tags: ['metadata'], params: fieldParams, body: anyBody } }, async (request) => {
      return apply(request, { kind: 'update_field', object: request.params.object, field: request.params.field, patch: normalizeFieldPatch(request.body) });
    });
    app.delete<{ Params: FieldParams }>('/api/meta/objects/:object/fields/:field', { schema: { summary: 'Archive a field (hidden, data kept, restorable)', tags: ['metadata'], params: fieldParams } }, async (request) => {
      return apply(request, { kind: 'archive_field', object: request.params.object, field: request.params.field });
    });
    app.post('/api/meta/plan', { schema: { summary: 'The migration plan of a change, with its SQL and data checks — not applied', tags: ['metadata'], body: anyBody } }, async (request) => {
      const actor = requireAdmin(request);
      return describePlan(await previewChange(ctx, actor.tenant, parsePlanBody(request.body)));
    });
    app.get<{ Querystring: { object?: string; limit?: number } }>(
      '/api/meta/changes',
      { schema: { summary: 'Recorded metadata changes, newest first', tags: ['metadata'], querystring: { type: 'object', properties: { object: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } } } },
      async (request) => {
        const actor = actorOf(request);
        return { items: await listChanges(engine.knex, actor.tenant.schema, { object: request.query.object, limit: request.query.limit ?? 50 }) };
      },
    );
    app.get<{ Params: { id: string } }>('/api/meta/changes/:id', { schema: { summary: 'One recorded change: who, when, before, after', tags: ['metadata'] } }, async (request) => {
      const actor = actorOf(request);
      const change = isUuid(request.params.id) ? await getChange(engine.knex, actor.tenant.schema, request.params.id) : undefined;
      if (!change) throw new AppError('change_not_found');
      return change;
    });
    app.post<{ Params: { id: string } }>('/api/meta/changes/:id/revert', { schema: { summary: 'Undo a change (objects and fields it added are archived, not dropped)', tags: ['metadata'] } }, async (request) => {
      const actor = requireAdmin(request);
      if (!isUuid(request.params.id)) throw new AppError('change_not_found');
      const applied = await revertChange(ctx, actor.tenant, request.params.id, actor.userId);
      engine.models.invalidate(actor.tenant.slug, applied.version);
      return describeApplied(applied);
    });
  };
}
