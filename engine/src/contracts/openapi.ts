import type { JsonSchema } from '../kernel/index.ts';
import type { CompiledModel, CompiledObject } from './compiled-model.ts';
import { recordTeamInputSchema } from './record-team-input.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });

export const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          code: { type: 'string', description: 'Stable: required, maxLength, minimum, format, unique, … or a validation rule’s api_name' },
          params: { type: 'object', additionalProperties: { type: ['string', 'number'] }, description: 'The code’s values, e.g. {"limit": 100} for maxLength' },
        },
      },
    },
  },
};

const listParameters = [
  { name: 'filter', in: 'query', required: false, description: 'A JSON-logic condition, URL-encoded JSON (docs/rule-language.md); lookups two levels deep: <lookup>.<field>', schema: { type: 'string' } },
  { name: 'sort', in: 'query', required: false, description: 'Comma-separated fields, "-" for descending: -amount,name', schema: { type: 'string' } },
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'cursor', in: 'query', required: false, description: 'The next_cursor of the previous page', schema: { type: 'string' } },
  { name: 'offset', in: 'query', required: false, description: 'Rows to skip (offset paging, up to 10,000); not with cursor. The answer then carries next_offset', schema: { type: 'integer', minimum: 0, maximum: 10000 } },
  { name: 'fields', in: 'query', required: false, description: 'Comma-separated fields to return', schema: { type: 'string' } },
  { name: 'expand', in: 'query', required: false, description: 'Comma-separated lookups to expand into records, two levels deep: <lookup>,<lookup>.owner_id', schema: { type: 'string' } },
  { name: 'q', in: 'query', required: false, description: 'Full-text search over the searchable fields: every word, number or Chinese fragment must occur (docs/search.md)', schema: { type: 'string', minLength: 1, maxLength: 200 } },
  { name: 'view', in: 'query', required: false, description: 'A list view of the object (its api_name): its filter ANDed with filter, its sort unless sort is given', schema: { type: 'string' } },
  { name: 'saved_view', in: 'query', required: false, description: 'The id of a saved view you may use (GET /api/views/<object>), applied like view', schema: { type: 'string' } },
];

const names = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

/** The body of POST /api/records/<object>/query: the list parameters as JSON. */
const recordQuerySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filter: { description: 'A JSON-logic condition' },
    sort: { ...names, description: 'Fields, "-" for descending: "-amount,name" or ["-amount", "name"]' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', description: 'The next_cursor of the previous page' },
    offset: { type: 'integer', minimum: 0, maximum: 10000, description: 'Rows to skip (offset paging); not with cursor' },
    fields: { ...names, description: 'Fields to return' },
    expand: { ...names, description: 'Lookups to expand: "<lookup>,<lookup>.owner_id" or ["<lookup>", "<lookup>.owner_id"]' },
    q: { type: 'string', minLength: 1, maxLength: 200, description: 'Full-text search over the searchable fields (docs/search.md)' },
    view: { type: 'string', description: 'A list view of the object: its filter ANDed with filter, its sort unless sort is given' },
    saved_view: { type: 'string', description: 'The id of a saved view you may use, applied like view' },
    aggregate: { type: 'object', description: 'Grouped counts, sums, averages… instead of a page (docs/http-api.md)' },
  },
};

/** A user as an expanded reference shows them. */
const userRefSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: ['string', 'null'] }, email: { type: ['string', 'null'] } },
};

const USER_SYSTEM_FIELDS = ['owner_id', 'created_by', 'updated_by'];

/** The fields of an object that `expand` may replace with a record: field → `<object>__expanded` or `UserRef`. */
function expandableFields(model: CompiledModel, object: CompiledObject): Map<string, string> {
  const found = new Map<string, string>(USER_SYSTEM_FIELDS.map((f) => [f, 'UserRef']));
  for (const field of object.fields) {
    const columns = field.type.columns(field.def);
    const table = columns.length === 1 ? columns[0]?.references?.table : undefined;
    if (table === '_users') found.set(field.def.api_name, 'UserRef');
    else if (table && model.objects.has(table)) found.set(field.def.api_name, `${table}__expanded`);
  }
  return found;
}

/** The read schema with each expandable field also allowed as the record it points at (with `expand`). */
function withExpansions(model: CompiledModel, object: CompiledObject): Record<string, JsonSchema> {
  const properties = { ...((object.schemas.read.properties ?? {}) as Record<string, JsonSchema>) };
  for (const [field, target] of expandableFields(model, object)) {
    if (properties[field]) properties[field] = { anyOf: [properties[field], ref(target)], description: 'An id; with expand, the record it points at' };
  }
  return properties;
}

const recordTransferSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ids', 'owner_id'],
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', format: 'uuid' } },
    owner_id: { type: 'string', format: 'uuid', description: 'An active user' },
  },
};

const teamMember = { type: 'string', format: 'uuid' };
const recordTeamSchema: JsonSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['user_id', 'name', 'email', 'access', 'expires_at', 'added_by', 'created_at'],
        properties: {
          user_id: teamMember,
          name: { type: 'string' },
          email: { type: 'string' },
          access: { enum: ['read', 'edit'] },
          expires_at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
          added_by: { anyOf: [teamMember, { type: 'null' }] },
          created_at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};

function relatedPaths(model: CompiledModel, object: CompiledObject, idParam: JsonSchema): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const name = object.def.api_name;
  for (const child of model.objects.values()) {
    const vias = [...expandableFields(model, child)].filter(([, target]) => target === `${name}__expanded`).map(([field]) => field);
    if (!vias.length) continue;
    const via = { name: 'via', in: 'query', required: vias.length > 1, description: `The lookup of ${child.def.api_name} to follow`, schema: { enum: vias } };
    paths[`/api/records/${name}/{id}/related/${child.def.api_name}`] = {
      get: {
        operationId: `list_${name}_related_${child.def.api_name}`,
        summary: `${child.def.plural_label.en ?? child.def.api_name} pointing at a ${object.def.label.en ?? name}`,
        tags: [name],
        parameters: [idParam, via, ...listParameters],
        responses: { '200': json(ref(`${child.def.api_name}__list`), 'A page of related records'), '400': problem('Bad via, filter, sort or cursor'), '404': problem('No such record') },
      },
    };
  }
  return paths;
}

function objectPaths(model: CompiledModel, object: CompiledObject): Record<string, unknown> {
  const name = object.def.api_name;
  const label = object.def.label.en ?? object.def.label['zh-CN'] ?? name;
  const tags = [name];
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  return {
    ...relatedPaths(model, object, idParam),
    [`/api/records/${name}`]: {
      get: {
        operationId: `list_${name}`,
        summary: `List ${object.def.plural_label.en ?? label}`,
        tags,
        parameters: listParameters,
        responses: { '200': json(ref(`${name}__list`), 'A page of records'), '400': problem('Bad filter, sort or cursor'), '401': problem('Not logged in') },
      },
      post: {
        operationId: `create_${name}`,
        summary: `Create a ${label}`,
        tags,
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}__create`) } } },
        responses: { '201': json(ref(name), 'The created record'), '422': problem('Invalid values, per field'), '409': problem('A unique value is taken'), '401': problem('Not logged in') },
      },
    },
    [`/api/records/${name}/query`]: {
      post: {
        operationId: `query_${name}`,
        summary: `Query ${object.def.plural_label.en ?? label} with a JSON body`,
        tags,
        requestBody: { required: true, content: { 'application/json': { schema: ref('RecordQuery') } } },
        responses: { '200': json(ref(`${name}__list`), 'A page of records'), '400': problem('Bad filter, sort or cursor'), '401': problem('Not logged in') },
      },
    },
    [`/api/records/${name}/transfer`]: {
      post: {
        operationId: `transfer_${name}`,
        summary: `Give ${object.def.plural_label.en ?? label} a new owner, all or nothing`,
        tags,
        requestBody: { required: true, content: { 'application/json': { schema: ref('RecordTransfer') } } },
        responses: {
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(name) } } }, 'The transferred records'),
          '403': problem('No edit right, or a record outside your edit scope (named in errors)'),
          '404': problem('A record you cannot see (named in errors)'),
          '422': problem('The new owner is not an active user'),
        },
      },
    },
    [`/api/records/${name}/{id}/team`]: {
      get: {
        operationId: `get_${name}_team`,
        summary: `The record team of a ${label}`,
        tags,
        parameters: [idParam],
        responses: { '200': json(ref('RecordTeam'), 'The members'), '404': problem('No such record') },
      },
      put: {
        operationId: `put_${name}_team`,
        summary: `Replace the record team of a ${label}`,
        tags,
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref('RecordTeamInput') } } },
        responses: { '200': json(ref('RecordTeam'), 'The members'), '403': problem('You may not edit this record'), '404': problem('No such record'), '422': problem('A member is not an active user') },
      },
    },
    [`/api/records/${name}/{id}`]: {
      get: {
        operationId: `get_${name}`,
        summary: `Get a ${label}`,
        tags,
        parameters: [idParam, ...listParameters.filter((p) => p.name === 'fields' || p.name === 'expand')],
        responses: { '200': json(ref(name), 'The record'), '404': problem('No such record') },
      },
      patch: {
        operationId: `update_${name}`,
        summary: `Update a ${label}`,
        tags,
        parameters: [idParam, { name: 'If-Match', in: 'header', required: false, description: 'The version you read; 412 if it changed since', schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}__update`) } } },
        responses: { '200': json(ref(name), 'The updated record'), '412': problem('Changed by someone else'), '422': problem('Invalid values, per field'), '404': problem('No such record') },
      },
      delete: {
        operationId: `delete_${name}`,
        summary: `Move a ${label} to the recycle bin`,
        tags,
        parameters: [idParam, { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
        responses: { '204': { description: 'Deleted' }, '404': problem('No such record'), '409': problem('Still referenced by a restricting lookup') },
      },
    },
  };
}

/**
 * The tenant's live OpenAPI 3.1 document: the engine's static routes (from @fastify/swagger) plus
 * concrete paths and schemas for every active object. Built once per metadata version.
 */
export function buildOpenApi(model: CompiledModel, base: JsonSchema): JsonSchema {
  if (model.openapi) return model.openapi;
  const baseComponents = (base.components ?? {}) as { schemas?: Record<string, JsonSchema> };
  const schemas: Record<string, JsonSchema> = {
    ...(baseComponents.schemas ?? {}),
    Problem: problemSchema,
    RecordQuery: recordQuerySchema,
    RecordTransfer: recordTransferSchema,
    RecordTeamInput: recordTeamInputSchema,
    RecordTeam: recordTeamSchema,
    UserRef: userRefSchema,
  };
  let paths: Record<string, unknown> = { ...((base.paths ?? {}) as Record<string, unknown>) };
  for (const object of model.objects.values()) {
    const name = object.def.api_name;
    const properties = withExpansions(model, object);
    schemas[name] = { ...object.schemas.read, properties, title: object.def.label.en ?? name };
    // An expanded lookup: the fields the reader may read there; only {id} for a record they may not read.
    schemas[`${name}__expanded`] = { type: 'object', additionalProperties: false, required: ['id'], properties, title: `${object.def.label.en ?? name} (expanded)` };
    schemas[`${name}__create`] = object.schemas.create;
    schemas[`${name}__update`] = object.schemas.update;
    schemas[`${name}__list`] = {
      type: 'object',
      required: ['items', 'next_cursor'],
      properties: {
        items: { type: 'array', items: ref(name) },
        next_cursor: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        next_offset: { anyOf: [{ type: 'integer' }, { type: 'null' }], description: 'With offset paging: the offset of the next page' },
      },
    };
    paths = { ...paths, ...objectPaths(model, object) };
  }
  model.openapi = {
    ...base,
    openapi: '3.1.0',
    info: {
      title: `Tessera API — ${model.tenant.slug}`,
      version: `${model.version}`,
      description: `The live API of tenant "${model.tenant.slug}" at metadata version ${model.version}: the engine's routes and, for each object, its record routes and schemas (\`<object>\`, \`<object>__create\`, \`<object>__update\`, \`<object>__list\`). It changes as soon as an admin changes the metadata.`,
    },
    paths,
    components: {
      ...baseComponents,
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/auth/login, or an API key' } },
    },
    security: [{ bearer: [] }],
  };
  return model.openapi;
}
