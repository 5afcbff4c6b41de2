import { AppError, isUuid, newId, type FieldError, type JsonValue } from '../kernel/index.ts';
import { qualify, query } from '../db/index.ts';
import type { LocalizedText } from '../metadata/index.ts';
import { viewChecker, type ViewDefinition } from '../schema/index.ts';
import { assertCanRead, assertFilterReadable, assertReadable } from '../query/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';
import { ruleEnvOf } from './rule-data.ts';
import { labelIn } from './localized-label.ts';

/** A view as GET /api/views/:object lists it: an admin's list view (read-only) or a user's saved view. */
export interface ViewEntry {
  kind: 'admin' | 'saved';
  /** Saved views: their id (`saved_view=<id>`); admin views: absent. */
  id?: string;
  /** Admin views: their API name (`view=<api_name>`) and localised label. */
  api_name?: string;
  label?: LocalizedText;
  /** The view's name in the actor's language. */
  name: string;
  columns: string[] | null;
  sort: string | null;
  filter: JsonValue | null;
  kanban?: unknown;
  owner_id?: string;
  shared?: boolean;
  /** The actor may change or delete it (the owner, or an administrator). */
  editable: boolean;
  created_at?: string;
  updated_at?: string;
}

interface SavedViewRow {
  id: string;
  object: string;
  owner_id: string;
  name: string;
  shared: boolean;
  definition: ViewDefinition;
  created_at: Date;
  updated_at: Date;
}

/** At most this many saved views per user and object. */
export const MAX_SAVED_VIEWS = 100;
const PROPERTIES = ['name', 'shared', 'columns', 'sort', 'filter'];

const table = (ctx: RecordContext) => qualify(ctx.model.tenant.schema, '_saved_views');

function entryOf(ctx: RecordContext, row: SavedViewRow): ViewEntry {
  return {
    kind: 'saved',
    id: row.id,
    name: row.name,
    columns: row.definition.columns ?? null,
    sort: row.definition.sort ?? null,
    filter: row.definition.filter ?? null,
    owner_id: row.owner_id,
    shared: row.shared,
    editable: row.owner_id === ctx.actor.userId || ctx.actor.isAdmin,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The object, once the actor may read its records (403 otherwise): views are lists of it. */
async function readableObject(ctx: RecordContext, objectName: string): Promise<CompiledObject> {
  const object = requireCompiledObject(ctx.model, objectName);
  assertCanRead(await accessTo(ctx, object));
  return object;
}

/** A saved view the actor may see (their own or a shared one; any for an administrator), else 404. */
async function visibleRow(ctx: RecordContext, object: CompiledObject, id: string): Promise<SavedViewRow> {
  const rows = isUuid(id) ? await query<SavedViewRow>(ctx.knex, `select * from ${table(ctx)} where id = ? and object = ?`, [id, object.def.api_name]) : [];
  const row = rows[0];
  if (!row || !(row.owner_id === ctx.actor.userId || row.shared || ctx.actor.isAdmin)) throw new AppError('view_not_found', `There is no saved view "${id}" of "${object.def.api_name}" for you`);
  return row;
}

/** The admin list views of the object and the saved views the actor may use: their own, then those others share. */
export async function listViews(ctx: RecordContext, objectName: string): Promise<{ items: ViewEntry[] }> {
  const object = await readableObject(ctx, objectName);
  const { locale } = await ruleEnvOf(ctx, ctx.knex);
  const admin: ViewEntry[] = (object.def.list_views ?? []).map((view) => ({
    kind: 'admin',
    api_name: view.api_name,
    label: view.label,
    name: labelIn(view.label, locale, view.api_name),
    columns: view.columns,
    sort: view.sort ?? null,
    filter: view.filter ?? null,
    ...(view.kanban ? { kanban: view.kanban } : {}),
    editable: false,
  }));
  const rows = await query<SavedViewRow>(
    ctx.knex,
    `select * from ${table(ctx)} where object = ? and (owner_id = ? or shared) order by (owner_id = ?) desc, lower(name), id`,
    [object.def.api_name, ctx.actor.userId, ctx.actor.userId],
  );
  return { items: [...admin, ...rows.map((row) => entryOf(ctx, row))] };
}

/** `saved_view=<id>` on a list: the definition of a saved view the actor may see (404 otherwise). */
export async function savedViewDefinition(ctx: RecordContext, object: CompiledObject, id: string): Promise<ViewDefinition> {
  return (await visibleRow(ctx, object, id)).definition;
}

const invalid = (errors: FieldError[]) => new AppError('invalid_view', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });

/**
 * A saved view's input, checked by hand: name (1–100 characters), shared (boolean), columns (1–50 names),
 * sort (text), filter (JSON-logic); then as admin list views are (`viewChecker`: fields exist, sortable, the
 * filter compiles to SQL), then for the actor (403 naming a field they may not read).
 */
async function checkInput(ctx: RecordContext, object: CompiledObject, body: unknown, current?: SavedViewRow): Promise<{ name: string; shared: boolean; definition: ViewDefinition }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('bad_request', 'A saved view is a JSON object {name, shared, columns, sort, filter}');
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(input)
    .filter((k) => !PROPERTIES.includes(k))
    .map((field) => ({ field, message: 'is not a property of a saved view', code: 'unknown_property' }));
  const has = (key: string) => Object.prototype.hasOwnProperty.call(input, key);
  const name = has('name') ? input.name : current?.name;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100) errors.push({ field: 'name', message: 'must be a text of 1 to 100 characters', code: 'invalid_value' });
  const shared = has('shared') ? input.shared : (current?.shared ?? false);
  if (typeof shared !== 'boolean') errors.push({ field: 'shared', message: 'must be true or false', code: 'invalid_value' });
  const definition: ViewDefinition = { ...(current?.definition ?? {}) };
  if (has('columns')) {
    const columns = input.columns;
    if (columns === null) delete definition.columns;
    else if (!Array.isArray(columns) || columns.length < 1 || columns.length > 50 || columns.some((c) => typeof c !== 'string')) errors.push({ field: 'columns', message: 'must be a list of 1 to 50 field names', code: 'invalid_value' });
    else definition.columns = columns as string[];
  }
  if (has('sort')) {
    const sort = input.sort;
    if (sort === null) delete definition.sort;
    else if (typeof sort !== 'string' || sort.length > 500) errors.push({ field: 'sort', message: 'must be a text such as "-amount,name"', code: 'invalid_value' });
    else definition.sort = sort;
  }
  if (has('filter')) {
    if (input.filter === null) delete definition.filter;
    else definition.filter = input.filter as JsonValue;
  }
  if (errors.length) throw invalid(errors);
  const checked = viewChecker(object.def, ctx.model.metadata, ctx.model.registry, ctx.model.operators).check(definition, '');
  if (checked.length) throw invalid(checked);
  const access = await accessTo(ctx, object);
  assertReadable(access, definition.columns ?? [], 'show');
  assertReadable(access, (definition.sort ?? '').split(',').map((k) => k.trim().replace(/^[-+]/, '')).filter(Boolean), 'sort by');
  if (definition.filter !== undefined) assertFilterReadable(access, definition.filter);
  return { name: (name as string).trim(), shared: shared as boolean, definition };
}

export async function createSavedView(ctx: RecordContext, objectName: string, body: unknown): Promise<ViewEntry> {
  const object = await readableObject(ctx, objectName);
  const input = await checkInput(ctx, object, body);
  const [count] = await query<{ n: number }>(ctx.knex, `select count(*)::int as n from ${table(ctx)} where object = ? and owner_id = ?`, [object.def.api_name, ctx.actor.userId]);
  if ((count?.n ?? 0) >= MAX_SAVED_VIEWS) throw invalid([{ field: 'name', message: `you already have ${MAX_SAVED_VIEWS} saved views of this object`, code: 'too_many' }]);
  const [row] = await query<SavedViewRow>(
    ctx.knex,
    `insert into ${table(ctx)} (id, object, owner_id, name, shared, definition) values (?, ?, ?, ?, ?, ?::jsonb) returning *`,
    [newId(), object.def.api_name, ctx.actor.userId, input.name, input.shared, JSON.stringify(input.definition)],
  );
  return entryOf(ctx, row as SavedViewRow);
}

/** The owner (or an administrator) may change or delete a view; others who see a shared one get 403. */
function assertEditable(ctx: RecordContext, row: SavedViewRow): void {
  if (row.owner_id !== ctx.actor.userId && !ctx.actor.isAdmin) throw new AppError('forbidden', 'Only its owner may change or delete a saved view');
}

export async function updateSavedView(ctx: RecordContext, objectName: string, id: string, body: unknown): Promise<ViewEntry> {
  const object = await readableObject(ctx, objectName);
  const row = await visibleRow(ctx, object, id);
  assertEditable(ctx, row);
  const input = await checkInput(ctx, object, body, row);
  const [updated] = await query<SavedViewRow>(
    ctx.knex,
    `update ${table(ctx)} set name = ?, shared = ?, definition = ?::jsonb, updated_at = now() where id = ? returning *`,
    [input.name, input.shared, JSON.stringify(input.definition), row.id],
  );
  return entryOf(ctx, updated as SavedViewRow);
}

export async function deleteSavedView(ctx: RecordContext, objectName: string, id: string): Promise<void> {
  const object = await readableObject(ctx, objectName);
  const row = await visibleRow(ctx, object, id);
  assertEditable(ctx, row);
  await query(ctx.knex, `delete from ${table(ctx)} where id = ?`, [row.id]);
}
