import { isAppError, type FieldError } from '../kernel/index.ts';
import type { TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, compileCondition, metadataScope, type OperatorRegistry, type ResolvedVar, type RuleScope } from '../logic/index.ts';
import type { AccessFilter } from './row-filter.ts';

export type SharingAccess = 'read' | 'edit';
export const SHARING_ACCESS: readonly SharingAccess[] = ['read', 'edit'];

/** What sharing conditions are checked and compiled against (a compiled model has all of it). */
export interface SharingModel {
  tenant: { schema: string };
  metadata: TenantMetadata;
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
}

/** An active rule of one object that grants to the actor (one of their roles, or their department). */
export interface ApplicableRule {
  id: string;
  condition: unknown;
  access: SharingAccess;
}

/** Operations that read the clock: a computed access is kept while the access version stands, so a rule must not change with time. */
const CLOCK_OPERATIONS = new Set(['now', 'today']);

/**
 * The variables of a sharing condition: the record's own fields, read as unqualified columns — the form
 * of every row filter (`owner_id = any(…)`), so the filter means the same wherever the object's table is
 * read, under its own name or under an alias (a lookup's subquery). A field of another record
 * (`customer.industry`) or a formula would need a subquery whose reference to this row an alias could
 * capture, so they are known by type only and refused; `refused` says why, by path.
 */
function sharingScope(model: SharingModel, object: string, refused: Map<string, string>): RuleScope {
  // '' (not undefined): no table name before the columns.
  const scope = metadataScope({ metadata: model.metadata, registry: model.registry, object, schema: model.tenant.schema, alias: '', operators: model.operators });
  const def = model.metadata.objects.find((o) => o.api_name === object && !o.archived);
  return {
    resolveVar(path: string): ResolvedVar | undefined {
      const resolved = scope.resolveVar(path);
      if (!resolved) return resolved;
      const [first = '', ...rest] = path.split('.');
      const field = def?.fields.find((f) => f.api_name === first && !f.archived);
      const type = field ? model.registry.get(field.type) : undefined;
      if (field && type?.computed) {
        refused.set(path, `"${path}" is a formula: a sharing rule reads the fields the ${object} stores`);
      } else if (field && type?.columns(field)[0]?.references && rest.length > 0 && !(rest.length === 1 && rest[0] === 'id')) {
        refused.set(path, `"${path}" is a field of another record: a sharing rule reads only the ${object}'s own fields`);
      } else {
        return resolved;
      }
      return { type: resolved.type, element: resolved.element };
    },
  };
}

/** Where in the rule each clock operation is, as checkRule names places (`and.1.<.1.today`). */
function clockPlaces(rule: unknown, path = ''): string[] {
  if (Array.isArray(rule)) return rule.flatMap((item, i) => clockPlaces(item, path === '' ? String(i) : `${path}.${i}`));
  if (typeof rule !== 'object' || rule === null) return [];
  const keys = Object.keys(rule);
  if (keys.length !== 1) return [];
  const op = keys[0] as string;
  const value = (rule as Record<string, unknown>)[op];
  const args = Array.isArray(value) ? value : [value];
  const here = path === '' ? op : `${path}.${op}`;
  return [...(CLOCK_OPERATIONS.has(op) ? [here] : []), ...args.flatMap((arg, i) => clockPlaces(arg, `${here}.${i}`))];
}

/**
 * A sharing condition checked as it will run and compiled: the rule language's own check in mode 'sql'
 * (allowlisted operators, fields of the object that exist, types), the rules of sharing (own fields only,
 * no clock), then the SQL compiler itself. Problems name their place under `property`.
 */
function compileSharing(condition: unknown, model: SharingModel, object: string, property: string, userId?: string): { filter?: AccessFilter; errors: FieldError[] } {
  const refused = new Map<string, string>();
  const scope = sharingScope(model, object, refused);
  const at = (place: string) => (place === '' ? property : `${property}.${place}`);
  const named = (list: readonly FieldError[]) =>
    list.map((e) => {
      const path = e.code === 'not_compilable' ? [...refused.keys()].find((p) => e.message.startsWith(`"${p}"`)) : undefined;
      return { field: at(e.field), message: path ? (refused.get(path) as string) : e.message, ...(e.code ? { code: e.code } : {}) };
    });
  const errors = named(checkRule(condition, { resolveVar: (p) => scope.resolveVar(p), mode: 'sql', operators: model.operators }).errors);
  for (const place of clockPlaces(condition)) {
    errors.push({ field: at(place), message: 'a sharing rule cannot depend on the clock: who may see a record changes only when the record or the rule does', code: 'clock_dependent' });
  }
  if (errors.length) return { errors };
  try {
    return { filter: compileCondition(condition, scope, { operators: model.operators, ctx: { timeZone: 'UTC', userId } }), errors: [] };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const listed = err.errors ?? [];
    return { errors: listed.length ? named(listed) : [{ field: property, message: err.message, code: 'not_compilable' }] };
  }
}

/** Checks a sharing condition on save (see compileSharing); problems are named `condition.<path>`. */
export function checkSharingCondition(condition: unknown, model: SharingModel, object: string, property = 'condition'): FieldError[] {
  return compileSharing(condition, model, object, property).errors;
}

/**
 * The rows the actor's applicable sharing rules open: for reading, every rule; for editing, the `edit`
 * rules. Each condition is compiled for the object's table (unqualified columns, bound values; `current_user`
 * is the reader, `userId`, as access is computed per user); a rule
 * that no longer compiles (a field it reads was archived since) opens nothing. Null: no rule opens rows.
 */
export function sharingFilters(rules: readonly ApplicableRule[], model: SharingModel, object: string, userId?: string): { read: AccessFilter | null; edit: AccessFilter | null } {
  const compiled: Array<{ access: SharingAccess; filter: AccessFilter }> = [];
  for (const rule of rules) {
    const { filter } = compileSharing(rule.condition, model, object, 'condition', userId);
    if (filter) compiled.push({ access: rule.access, filter });
  }
  return { read: anyOf(compiled.map((c) => c.filter)), edit: anyOf(compiled.filter((c) => c.access === 'edit').map((c) => c.filter)) };
}

function anyOf(filters: AccessFilter[]): AccessFilter | null {
  if (!filters.length) return null;
  if (filters.length === 1) return filters[0] as AccessFilter;
  return { sql: filters.map((f) => `(${f.sql})`).join(' or '), bindings: filters.flatMap((f) => f.bindings) };
}
