import type { FieldError, JsonValue } from '../kernel/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, rulePaths, type OperatorRegistry, type ResolvedVar } from '../logic/index.ts';
import { childScope, summarisedVar } from './rollup-sql.ts';
import { ownFieldsOnly, readsOtherRecord } from './own-fields.ts';

/** Operations whose value depends on the clock or on the change being saved: a stored sum cannot follow them. */
const UNSTABLE = new Set(['now', 'today', 'prior', 'changed']);

/** An active roll-up field. */
export const isRollup = (field: FieldDef | undefined): field is FieldDef => field?.type === 'rollup' && !field.archived;

/** Every `var` path and operation in a rule, with its place (as checkRule names places: `and.1.==.0`). */
function walkRule(rule: unknown, visit: (op: string, args: unknown[], at: string) => void, path = ''): void {
  if (Array.isArray(rule)) {
    rule.forEach((item, i) => walkRule(item, visit, path === '' ? String(i) : `${path}.${i}`));
    return;
  }
  if (typeof rule !== 'object' || rule === null) return;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return;
  const op = keys[0] as string;
  const value = (rule as Record<string, unknown>)[op];
  const args = Array.isArray(value) ? value : [value];
  const at = path === '' ? op : `${path}.${op}`;
  visit(op, args, at);
  args.forEach((arg, i) => walkRule(arg, visit, `${at}.${i}`));
}

/** The fields of the child a filter reads (first segments of its paths: var, missing…). */
export function filterFields(filter: unknown, operators: OperatorRegistry): Set<string> {
  return new Set(rulePaths(filter, operators).map((path) => path.split('.')[0] as string).filter(Boolean));
}

function filterErrors(child: ObjectDef, filter: JsonValue, resolve: (path: string) => ResolvedVar | undefined, operators: OperatorRegistry): FieldError[] {
  const errors: FieldError[] = [];
  const at = (place: string) => (place === '' ? 'filter' : `filter.${place}`);
  walkRule(filter, (op, args, place) => {
    if (UNSTABLE.has(op)) errors.push({ field: at(place), message: `a roll-up filter cannot use "${op}": the stored value would not follow it`, code: 'invalid_rule' });
    const path = op === 'var' && typeof args[0] === 'string' ? args[0] : undefined;
    if (path !== undefined && readsOtherRecord(child, path, true)) {
      errors.push({ field: at(place), message: `a roll-up filter reads the fields of "${child.api_name}" itself, not of the records its lookups point at ("${path}")`, code: 'invalid_rule' });
    }
  });
  if (errors.length > 0) return errors;
  const check = checkRule(filter, { resolveVar: ownFieldsOnly(child, resolve, true), mode: 'sql', operators });
  return check.errors.map((e) => ({ ...e, field: at(e.field) }));
}

/**
 * Why a formula of the child (or a formula it reads) would leave a stored roll-up stale: it follows the
 * clock or reads a looked-up record, neither of which recomputes the roll-up. Undefined when it is fine.
 */
function unstableFormula(child: ObjectDef, name: string, registry: FieldTypeRegistry, seen = new Set<string>()): string | undefined {
  const field = child.fields.find((f) => f.api_name === name);
  const computed = field ? registry.get(field.type)?.computed : undefined;
  if (!field || !computed || seen.has(name)) return undefined;
  seen.add(name);
  let reason: string | undefined;
  walkRule(computed.expression(field), (op, args) => {
    if (reason) return;
    if (UNSTABLE.has(op)) reason = `the formula "${name}" uses "${op}"`;
    const path = op === 'var' && typeof args[0] === 'string' ? args[0] : '';
    const first = path.split('.')[0] ?? '';
    if (readsOtherRecord(child, path, true)) reason = `the formula "${name}" reads "${path}" of another record`;
    else if (first && first !== name && !reason) reason = unstableFormula(child, first, registry, seen);
  });
  return reason;
}

/** Roll-ups whose values feed `field` (a roll-up over a child's roll-up), to find cycles. */
function feedsBack(metadata: TenantMetadata, field: FieldDef, parent: string, seen = new Set<string>()): boolean {
  const child = metadata.objects.find((o) => o.api_name === field.child_object);
  const summarised = child?.fields.find((f) => f.api_name === field.field && isRollup(f));
  if (!child || !summarised) return false;
  if (child.api_name === parent) return true;
  const key = `${child.api_name}.${summarised.api_name}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return feedsBack(metadata, summarised, parent, seen);
}

const TYPE_NAMES = { number: 'number', date: 'date', datetime: 'date/time' } as const;

/** The problems of one roll-up of `parent` against `metadata`, each naming the setting (child_object, via, field, filter, return_type). */
export function rollupDefinitionErrors(parent: ObjectDef, field: FieldDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const child = metadata.objects.find((o) => o.api_name === field.child_object && !o.archived);
  if (!child) return [{ field: 'child_object', message: `there is no active object "${String(field.child_object)}"`, code: 'invalid_metadata' }];
  const errors: FieldError[] = [];
  const via = child.fields.find((f) => f.api_name === field.via && !f.archived);
  if (!via || via.type !== 'lookup') errors.push({ field: 'via', message: `"${String(field.via)}" is not an active lookup field of "${child.api_name}"`, code: 'invalid_metadata' });
  else if (via.target !== parent.api_name) errors.push({ field: 'via', message: `"${child.api_name}.${via.api_name}" points at "${String(via.target)}", not at "${parent.api_name}"`, code: 'invalid_metadata' });
  const scope = childScope({ schema: 'rollup_check', metadata, registry, operators }, child.api_name);
  if (field.function !== 'count' && field.field) {
    const own = field.field.includes('.') ? undefined : summarisedVar(child, field.field, scope, registry);
    const kind = own?.resolved.type;
    const result = field.return_type ?? 'number';
    if (!own) errors.push({ field: 'field', message: `"${field.field}" is not a field of "${child.api_name}" that can be summarised`, code: 'invalid_metadata' });
    else if (kind !== 'number' && (field.function === 'sum' || (kind !== 'date' && kind !== 'datetime'))) {
      errors.push({ field: 'field', message: `${String(field.function)} needs a ${field.function === 'sum' ? 'number' : 'number, date or date/time'} field; "${field.field}" is ${kind === 'any' ? 'not one' : `a ${kind}`}`, code: 'invalid_metadata' });
    } else if (kind !== result) {
      errors.push({ field: 'return_type', message: `the ${String(field.function)} of a ${TYPE_NAMES[kind]} field is a ${TYPE_NAMES[kind]}: set return_type to "${kind}"`, code: 'invalid_metadata' });
    } else if (feedsBack(metadata, field, parent.api_name)) {
      errors.push({ field: 'field', message: `"${child.api_name}.${field.field}" is itself summed up from "${parent.api_name}": the roll-ups would feed each other`, code: 'invalid_metadata' });
    }
  }
  if (field.filter !== undefined) errors.push(...filterErrors(child, field.filter, (p) => scope.resolveVar(p), operators));
  if (errors.length > 0) return errors;
  const readsField = field.field ? unstableFormula(child, field.field, registry) : undefined;
  if (readsField) errors.push({ field: 'field', message: `a roll-up cannot summarise it: ${readsField}, and the stored value would not follow`, code: 'invalid_metadata' });
  for (const name of filterFields(field.filter, operators)) {
    const reason = unstableFormula(child, name, registry);
    if (reason) errors.push({ field: 'filter', message: `a roll-up filter cannot read it: ${reason}, and the stored value would not follow`, code: 'invalid_metadata' });
  }
  return errors;
}

/** The field of `child` a failing setting of a roll-up over it is about, to name it from the child's side. */
function childSide(field: FieldDef, setting: string, operators: OperatorRegistry): string {
  if (setting === 'via' && field.via) return `fields.${field.via}`;
  if (setting === 'field' || setting === 'return_type') return field.field ? `fields.${field.field}` : 'fields';
  if (setting.startsWith('filter')) {
    const [first] = filterFields(field.filter, operators);
    return first ? `fields.${first}` : 'fields';
  }
  return 'archived';
}

/**
 * The roll-up problems of an object definition about to be saved: its own roll-ups (child object, `via`
 * pointing here, a summarisable `field` fitting the function and return type, a filter over the
 * child's own fields that compiles to SQL, no cycle), and the roll-ups of other objects over this one
 * that this version would break (an archived or retyped field they read). Errors name
 * `fields.<field>.<setting>`, or for the second kind the field of this object the roll-up reads.
 */
export function rollupErrors(object: ObjectDef, next: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of object.fields.filter(isRollup)) {
    for (const e of rollupDefinitionErrors(object, field, next, registry, operators)) errors.push({ ...e, field: `fields.${field.api_name}.${e.field}` });
  }
  for (const other of next.objects) {
    if (other.api_name === object.api_name || other.archived) continue;
    for (const field of other.fields.filter((f) => isRollup(f) && f.child_object === object.api_name)) {
      for (const e of rollupDefinitionErrors(other, field, next, registry, operators)) {
        errors.push({ field: childSide(field, e.field, operators), message: `is read by the roll-up "${other.api_name}.${field.api_name}", which would break (${e.field}: ${e.message}); change that roll-up first`, code: 'invalid_metadata' });
      }
    }
  }
  return errors;
}
