import { AppError, isUuid, newId, type FieldError } from '../kernel/index.ts';
import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { checkApiName, labelFromApiName, loadMetadata, type LocalizedText } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { checkSharingCondition, type SharingAccess, type SharingModel } from './sharing-rules.ts';
import { sharingRuleCreateSchema, sharingRulePatchSchema } from './sharing-rules-schema.ts';
import { grantIdsByName } from './grant-store.ts';
import { checkInput, failIfAny } from './input.ts';
import { recordAudit } from './audit-log.ts';
import type { AdminContext } from './admin-context.ts';

/** What conditions are checked with: the engine's field types and rule operators (metadata is read fresh). */
export interface SharingRuleEnv {
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
}

export interface SharingRule {
  id: string;
  object: string;
  api_name: string;
  label: LocalizedText;
  description: string | null;
  condition: unknown;
  access: SharingAccess;
  /** Role api_names (a role deleted since drops out). */
  roles: string[];
  /** Department ids (a department deleted since drops out). */
  departments: string[];
  include_subdepartments: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A rule as the admin API shows it: with what is wrong with it now (a field it reads archived since: it opens nothing). */
export type SharingRuleView = SharingRule & { problems: FieldError[] };

interface SharingRuleInput {
  object?: string;
  api_name?: string;
  label?: string | LocalizedText;
  description?: string | null;
  condition?: unknown;
  access?: SharingAccess;
  roles?: string[];
  departments?: string[];
  include_subdepartments?: boolean;
  active?: boolean;
}

const WHAT = 'sharing rule';

const select = (schema: string, where: string) =>
  `select s.id, s.object, s.api_name, s.label, s.description, s.condition, s.access, s.include_subdepartments, s.active, s.created_at, s.updated_at,
     array(select r.api_name from unnest(s.roles) with ordinality as g(id, n) join ${qualify(schema, '_roles')} r on r.id = g.id order by g.n) as roles,
     array(select d.id from unnest(s.departments) with ordinality as g(id, n) join ${qualify(schema, '_departments')} d on d.id = g.id order by g.n) as departments
   from ${qualify(schema, '_sharing_rules')} s ${where}`;

async function model(db: Knex, schema: string, env: SharingRuleEnv): Promise<SharingModel> {
  return { tenant: { schema }, metadata: await loadMetadata(db, schema), registry: env.registry, operators: env.operators };
}

function view(rule: SharingRule, current: SharingModel): SharingRuleView {
  const live = current.metadata.objects.some((o) => o.api_name === rule.object && !o.archived);
  const problems = live ? checkSharingCondition(rule.condition, current, rule.object) : [{ field: 'object', message: 'is no longer an object of this tenant', code: 'unknown_object' }];
  return { ...rule, problems };
}

/** Every sharing rule, or those of one object, by object and api_name. */
export async function listSharingRules(db: Knex, schema: string, env: SharingRuleEnv, filter: { object?: string | undefined } = {}): Promise<SharingRuleView[]> {
  const rows = filter.object === undefined
    ? (await db.raw<{ rows: SharingRule[] }>(`${select(schema, '')} order by s.object, s.api_name`)).rows
    : (await db.raw<{ rows: SharingRule[] }>(`${select(schema, 'where s.object = ?')} order by s.api_name`, [filter.object])).rows;
  const current = await model(db, schema, env);
  return rows.map((r) => view(r, current));
}

async function findRule(db: Knex, schema: string, id: string): Promise<SharingRule> {
  const row = isUuid(id) ? (await db.raw<{ rows: SharingRule[] }>(select(schema, 'where s.id = ?'), [id])).rows[0] : undefined;
  if (!row) throw new AppError('sharing_rule_not_found');
  return row;
}

export async function getSharingRule(db: Knex, schema: string, env: SharingRuleEnv, id: string): Promise<SharingRuleView> {
  return view(await findRule(db, schema, id), await model(db, schema, env));
}

/** Department ids that exist; 422 naming `departments.<n>` for the others. */
async function departmentIds(db: Knex, schema: string, ids: string[], errors: FieldError[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = (await db.raw<{ rows: Array<{ id: string }> }>(`select id from ${qualify(schema, '_departments')} where id = any(?::uuid[])`, [ids])).rows;
  const found = new Set(rows.map((r) => r.id));
  ids.forEach((id, index) => {
    if (!found.has(id.toLowerCase())) errors.push({ field: `departments.${index}`, message: 'is not a department of this tenant' });
  });
  return ids.map((id) => id.toLowerCase());
}

/** The stored columns an input sets, each checked against the tenant: the condition on `object`, roles and departments that exist. */
async function resolveInput(db: Knex, schema: string, env: SharingRuleEnv, object: string, input: SharingRuleInput, errors: FieldError[]): Promise<Record<string, unknown>> {
  const current = await model(db, schema, env);
  const out: Record<string, unknown> = {};
  if (!current.metadata.objects.some((o) => o.api_name === object && !o.archived)) errors.push({ field: 'object', message: 'is not an object of this tenant' });
  else if (input.condition !== undefined) errors.push(...checkSharingCondition(input.condition, current, object));
  if (input.condition !== undefined) out.condition = input.condition;
  if (input.label !== undefined) out.label = typeof input.label === 'string' ? { en: input.label } : input.label;
  if (input.description !== undefined) out.description = input.description;
  if (input.access !== undefined) out.access = input.access;
  if (input.roles !== undefined) out.roles = await grantIdsByName(db, schema, 'role', input.roles, 'roles', errors);
  if (input.departments !== undefined) out.departments = await departmentIds(db, schema, input.departments, errors);
  if (input.include_subdepartments !== undefined) out.include_subdepartments = input.include_subdepartments;
  if (input.active !== undefined) out.active = input.active;
  return out;
}

/** A rule must grant to someone. */
function checkGrantees(roles: unknown[], departments: unknown[], errors: FieldError[]): void {
  if (!roles.length && !departments.length && !errors.some((e) => /^(roles|departments)(\.|$)/.test(e.field))) {
    errors.push({ field: 'roles', message: 'a sharing rule grants to at least one role or department' });
  }
}

const JSON_COLUMNS = new Set(['label', 'condition']);
const ARRAY_COLUMNS = new Set(['roles', 'departments']);
const placeholder = (column: string) => (JSON_COLUMNS.has(column) ? '?::jsonb' : ARRAY_COLUMNS.has(column) ? '?::uuid[]' : '?');
const bind = (column: string, value: unknown) => (JSON_COLUMNS.has(column) ? JSON.stringify(value) : value);

function duplicate(err: unknown, apiName: string): unknown {
  const translated = translatePgError(err);
  if (translated instanceof AppError && translated.code === 'unique_violation') {
    return new AppError('duplicate_name', `The object already has a sharing rule named ${apiName}`, { errors: [{ field: 'api_name', message: 'is already taken for this object' }] });
  }
  return translated;
}

export async function createSharingRule(db: Knex, schema: string, env: SharingRuleEnv, body: unknown, ctx: AdminContext): Promise<SharingRuleView> {
  const input = checkInput<SharingRuleInput>(sharingRuleCreateSchema, body, WHAT);
  const object = input.object as string;
  const apiName = input.api_name as string;
  const errors = checkApiName(apiName);
  const values = { label: { en: labelFromApiName(apiName) }, ...(await resolveInput(db, schema, env, object, input, errors)) };
  checkGrantees((values as { roles?: unknown[] }).roles ?? [], (values as { departments?: unknown[] }).departments ?? [], errors);
  failIfAny(errors, WHAT);
  const id = newId();
  return db.transaction(async (trx) => {
    const columns = ['id', 'object', 'api_name', ...Object.keys(values)];
    try {
      await trx.raw(`insert into ${qualify(schema, '_sharing_rules')} (${columns.map(quoteIdent).join(', ')}) values (${columns.map(placeholder).join(', ')})`, [
        id,
        object,
        apiName,
        ...Object.entries(values).map(([c, v]) => bind(c, v)),
      ] as never[]);
    } catch (err) {
      throw duplicate(err, apiName);
    }
    const created = await findRule(trx, schema, id);
    await recordAudit(trx, schema, { kind: 'sharing_rule_created', actorId: ctx.actorId, origin: ctx.origin, targetId: id, after: created });
    return view(created, await model(trx, schema, env));
  });
}

export async function updateSharingRule(db: Knex, schema: string, env: SharingRuleEnv, id: string, body: unknown, ctx: AdminContext): Promise<SharingRuleView> {
  const before = await findRule(db, schema, id);
  const input = checkInput<SharingRuleInput>(sharingRulePatchSchema, body, WHAT);
  for (const property of ['object', 'api_name'] as const) {
    if (input[property] !== undefined && input[property] !== before[property]) {
      throw new AppError('immutable_property', `The ${property} of a sharing rule cannot be changed`, { errors: [{ field: property, message: 'cannot be changed' }] });
    }
  }
  return db.transaction(async (trx) => {
    const locked = (await trx.raw<{ rows: unknown[] }>(`select 1 from ${qualify(schema, '_sharing_rules')} where id = ? for update`, [id])).rows;
    if (!locked.length) throw new AppError('sharing_rule_not_found');
    const errors: FieldError[] = [];
    const values = await resolveInput(trx, schema, env, before.object, input, errors);
    // Grantees that no longer exist grant to nobody: count only those that do.
    const current = await findRule(trx, schema, id);
    checkGrantees(input.roles !== undefined ? (values.roles as unknown[]) : current.roles, input.departments !== undefined ? (values.departments as unknown[]) : current.departments, errors);
    failIfAny(errors, WHAT);
    const entries = Object.entries(values);
    await trx.raw(`update ${qualify(schema, '_sharing_rules')} set ${entries.map(([c]) => `${quoteIdent(c)} = ${placeholder(c)}, `).join('')}updated_at = now() where id = ?`, [
      ...entries.map(([c, v]) => bind(c, v)),
      id,
    ] as never[]);
    const after = await findRule(trx, schema, id);
    await recordAudit(trx, schema, { kind: 'sharing_rule_updated', actorId: ctx.actorId, origin: ctx.origin, targetId: id, before: current, after });
    return view(after, await model(trx, schema, env));
  });
}

export async function deleteSharingRule(db: Knex, schema: string, id: string, ctx: AdminContext): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await findRule(trx, schema, id);
    const deleted = (await trx.raw<{ rows: unknown[] }>(`delete from ${qualify(schema, '_sharing_rules')} where id = ? returning id`, [id])).rows;
    if (!deleted.length) throw new AppError('sharing_rule_not_found');
    await recordAudit(trx, schema, { kind: 'sharing_rule_deleted', actorId: ctx.actorId, origin: ctx.origin, targetId: id, before });
  });
}
