import { AppError } from '../kernel/index.ts';
import { qualify, quoteIdent } from '../db/index.ts';
import type { RuleContext } from '../logic/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { SqlFragment } from './filter.ts';
import { lookupTarget, MAX_LOOKUP_DEPTH, type LookupAccess } from './lookup-paths.ts';
import { assertReadable } from './field-guard.ts';
import { recordSource } from './formula-source.ts';

/** One lookup to expand: the field `field` of the records at `parent` ('' for the listed records). */
export interface ExpandStep {
  path: string;
  parent: string;
  /** The object holding the field, and the field (its column holds the id). */
  object: string;
  field: string;
  /** A record of another object, or a user ({id, name, email}). */
  kind: 'record' | 'user';
  /** kind 'record': the object pointed at. */
  target?: string;
}

/** The column a fetched target row carries: may the actor read this row? */
export const VISIBLE = '__visible';
export const MAX_EXPAND = 10;
/** System fields that hold a user's id. */
const USER_SYSTEM = new Set(['owner_id', 'created_by', 'updated_by']);

function expandError(path: string, message: string): AppError {
  return new AppError('invalid_parameter', `Cannot expand "${path}": ${message}`, { errors: [{ field: `expand.${path}`, message }] });
}

function isUserField(object: CompiledObject, field: string): boolean {
  if (USER_SYSTEM.has(field)) return true;
  const compiled = object.byName.get(field);
  if (!compiled) return false;
  const columns = compiled.type.columns(compiled.def);
  return columns.length === 1 && columns[0]?.references?.table === '_users';
}

interface Resolved {
  steps: ExpandStep[];
  /** Objects whose records are expanded (the actor's access to each is needed). */
  objects: Set<string>;
}

function resolve(model: CompiledModel, object: CompiledObject, expand: string[]): Resolved {
  if (expand.length > MAX_EXPAND) throw expandError(expand.slice(MAX_EXPAND).join(','), `expand at most ${MAX_EXPAND} paths`);
  const byPath = new Map<string, ExpandStep>();
  const objects = new Set<string>();
  for (const path of expand) {
    if (typeof path !== 'string' || path.length > 200) throw expandError(String(path).slice(0, 200), 'is not a lookup path');
    const segments = path.split('.');
    if (segments.length > MAX_LOOKUP_DEPTH) throw expandError(path, `expand goes at most ${MAX_LOOKUP_DEPTH} lookups deep`);
    let current: CompiledObject | undefined = object;
    let parent = '';
    for (const field of segments) {
      const here = parent ? `${parent}.${field}` : field;
      if (!current) throw expandError(path, `"${parent}" is a user: it expands to {id, name, email} and goes no deeper`);
      if (!byPath.has(here)) {
        const target = lookupTarget(model, current, field);
        const kind = target ? 'record' : isUserField(current, field) ? 'user' : undefined;
        if (!kind) throw expandError(path, current.byName.has(field) || USER_SYSTEM.has(field) ? `"${field}" of "${current.def.api_name}" is not a lookup` : `"${field}" is not a field of "${current.def.api_name}"`);
        byPath.set(here, { path: here, parent, object: current.def.api_name, field, kind, target: target?.def.api_name });
        if (target) objects.add(target.def.api_name);
      }
      const step = byPath.get(here) as ExpandStep;
      current = step.target ? model.objects.get(step.target) : undefined;
      parent = here;
    }
  }
  // Parents before children, so a level-two fetch finds the ids in the level-one rows.
  const steps = [...byPath.values()].sort((a, b) => a.path.split('.').length - b.path.split('.').length);
  return { steps, objects };
}

/** The objects an `expand` reaches (their access must be loaded before planExpand). Refuses a malformed expand (400). */
export function expandObjects(model: CompiledModel, object: CompiledObject, expand: string[]): Set<string> {
  return resolve(model, object, expand).objects;
}

/**
 * Checks an `expand` against the actor's access: each expanded field must be readable where it is
 * (here or on the looked-up object), and the actor must read the object it points at (403 naming the
 * path). Rows of that object they may not read still expand, to `{id}` only.
 */
export function planExpand(model: CompiledModel, object: CompiledObject, expand: string[], access: RecordAccess, lookups: LookupAccess): ExpandStep[] {
  const { steps } = resolve(model, object, expand);
  for (const step of steps) {
    const holder = step.parent === '' ? access : lookups.get(step.object);
    if (!holder) throw new AppError('forbidden', `You may not expand "${step.path}"`, { errors: [{ field: `expand.${step.path}`, message: 'reaches an object you may not read' }] });
    assertReadable(holder, [step.field], 'expand');
    if (step.target && !lookups.get(step.target)?.permissions.canRead) {
      const message = `you may not read records of "${step.target}"`;
      throw new AppError('forbidden', `You may not expand "${step.path}": ${message}`, { errors: [{ field: `expand.${step.path}`, message }] });
    }
  }
  return steps;
}

/**
 * One statement for one expanded step and a page's worth of ids: the target rows with `__visible`
 * (live and inside the actor's read filter), or the users' names and emails.
 */
export function planExpandFetch(model: CompiledModel, step: ExpandStep, ids: string[], lookups: LookupAccess, ctx?: Partial<RuleContext>): SqlFragment {
  const schema = model.tenant.schema;
  if (step.kind === 'user') {
    return { sql: `select ${quoteIdent('id')}, ${quoteIdent('name')}, ${quoteIdent('email')} from ${qualify(schema, '_users')} where ${quoteIdent('id')} = any(?::uuid[])`, bindings: [ids] };
  }
  const target = model.objects.get(step.target as string) as CompiledObject;
  const read = lookups.get(target.def.api_name)?.readFilter;
  const visible = `(${quoteIdent('deleted_at')} is null${read ? ` and (${read.sql})` : ''})`;
  // Formula fields come with the row, as in a list of the target (formula-source.ts).
  const source = recordSource(model, target, { ctx });
  return {
    sql: `select *, ${visible} as ${quoteIdent(VISIBLE)} from ${source.sql} where ${quoteIdent('id')} = any(?::uuid[])`,
    bindings: [...(read?.bindings ?? []), ...source.bindings, ids],
  };
}
