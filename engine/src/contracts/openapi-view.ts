import type { JsonSchema } from '../kernel/index.ts';

/** What one actor may do with one object, as the document for them shows it. */
export interface ObjectView {
  canRead: boolean;
  canCreate: boolean;
  canEdit: boolean;
  canDelete: boolean;
  readable: ReadonlySet<string>;
  editable: ReadonlySet<string>;
}

type Paths = Record<string, Record<string, unknown>>;

/** An object schema with only the allowed properties (and only those of them required). */
function only(schema: JsonSchema | undefined, allowed: ReadonlySet<string>): JsonSchema | undefined {
  if (!schema) return schema;
  const properties = Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, unknown>).filter(([name]) => allowed.has(name)));
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter((name) => allowed.has(name)) : undefined;
  return { ...schema, properties, ...(required ? { required } : {}) };
}

function without(paths: Paths, path: string, methods: string[]): void {
  const item = paths[path];
  if (!item) return;
  const kept = Object.fromEntries(Object.entries(item).filter(([method]) => !methods.includes(method)));
  if (Object.keys(kept).length) paths[path] = kept;
  else delete paths[path];
}

/**
 * The live document as one actor can use it: objects they may not read are left out; record schemas
 * show only the fields they may read (read) or set (create, update); operations they may not perform
 * are left out. The tenant's full document is not changed.
 */
export function openApiFor(doc: JsonSchema, views: ReadonlyMap<string, ObjectView>): JsonSchema {
  const components = doc.components as { schemas: Record<string, JsonSchema> };
  const schemas = { ...components.schemas };
  const paths: Paths = { ...(doc.paths as Paths) };
  for (const [name, view] of views) {
    const base = `/api/records/${name}`;
    if (!view.canRead) {
      for (const path of [base, `${base}/query`, `${base}/transfer`, `${base}/{id}`, `${base}/{id}/team`]) delete paths[path];
      for (const schema of [name, `${name}__create`, `${name}__update`, `${name}__list`]) delete schemas[schema];
      continue;
    }
    schemas[name] = only(schemas[name], view.readable) as JsonSchema;
    schemas[`${name}__create`] = only(schemas[`${name}__create`], view.editable) as JsonSchema;
    schemas[`${name}__update`] = only(schemas[`${name}__update`], view.editable) as JsonSchema;
    if (!view.canCreate) without(paths, base, ['post']);
    if (!view.canEdit) {
      without(paths, `${base}/{id}`, ['patch']);
      without(paths, `${base}/{id}/team`, ['put']);
      delete paths[`${base}/transfer`];
    } else if (!view.editable.has('owner_id')) delete paths[`${base}/transfer`];
    if (!view.canDelete) without(paths, `${base}/{id}`, ['delete']);
  }
  return { ...doc, paths, components: { ...components, schemas } };
}
