import type { JsonValue } from '../kernel/index.ts';
import type { ValidationRule } from '../metadata/index.ts';
import { rulePaths, type OperatorRegistry } from '../logic/index.ts';
import type { CompiledField, CompiledModel, CompiledObject } from '../contracts/index.ts';

/** A lookup the rules follow: its record is loaded and put in place of the id, with the lookups it follows in turn. */
export interface LookupNeed {
  field: string;
  target: CompiledObject;
  nested: LookupNeed[];
  /** The rules read only the id (`contract.id`): no record is loaded, the id is put in place as `{id}`. */
  idOnly?: boolean;
}

export interface PlannedRule {
  rule: ValidationRule;
  /** The fields of the record the condition reads (first segments of its paths, through formulas). */
  reads: Set<string>;
  /** It reads a looked-up record (`contract.amount`), itself or through a formula. */
  followsLookup: boolean;
}

/** What the save pipeline needs to run an object's rules, worked out once per compiled object. */
export interface RulePlan {
  /** Active validation rules, in definition order. */
  rules: PlannedRule[];
  /** Fields with a JSON-logic default (`default_rule`), evaluated at create when the input leaves them absent. */
  defaults: Array<{ field: CompiledField; rule: JsonValue }>;
  /** Lookups that active rules (or the formulas they read) follow, two levels at most; only these are loaded. */
  lookups: LookupNeed[];
  /** The object has rules or defaults: the actor's time zone and locale are needed. */
  any: boolean;
}

/** A computed field's rule (a formula, field-types/formula.ts), when the field is one. */
export function formulaExpression(field: CompiledField): unknown {
  return field.type.computed?.expression(field.def);
}

function lookupNeeds(model: CompiledModel, object: CompiledObject, paths: string[], depth: number): LookupNeed[] {
  if (depth >= 2) return [];
  const byField = new Map<string, string[]>();
  for (const path of paths) {
    const [first = '', ...rest] = path.split('.');
    const field = object.byName.get(first);
    if (!field || field.def.type !== 'lookup' || !field.def.target || rest.length === 0) continue;
    const list = byField.get(first) ?? [];
    list.push(rest.join('.'));
    byField.set(first, list);
  }
  const needs: LookupNeed[] = [];
  for (const [name, rest] of byField) {
    const target = model.objects.get(object.byName.get(name)?.def.target ?? '');
    if (!target) continue;
    if (rest.every((path) => path === 'id')) {
      needs.push({ field: name, target, nested: [], idOnly: true });
      continue;
    }
    // A formula of the looked-up record is computed over that record: what it reads is loaded too.
    needs.push({ field: name, target, nested: lookupNeeds(model, target, withFormulaPaths(target, rest, model.operators), depth + 1) });
  }
  return needs;
}

/** Paths into a record, with those of the formulas of the record they read (formulas reading formulas included). */
function withFormulaPaths(object: CompiledObject, read: string[], operators: OperatorRegistry): string[] {
  const paths = [...read];
  const seen = new Set<string>();
  for (let i = 0; i < paths.length; i += 1) {
    const name = (paths[i] as string).split('.')[0] ?? '';
    const field = object.byName.get(name);
    const expression = field ? formulaExpression(field) : undefined;
    if (expression === undefined || seen.has(name)) continue;
    seen.add(name);
    paths.push(...rulePaths(expression, operators));
  }
  return paths;
}

function buildPlan(model: CompiledModel, object: CompiledObject): RulePlan {
  const rules = (object.def.validation_rules ?? []).filter((rule) => rule.active);
  const read = rules.map((rule) => withFormulaPaths(object, rulePaths(rule.condition, model.operators), model.operators));
  const planned = rules.map((rule, i): PlannedRule => {
    const paths = read[i] ?? [];
    const reads = new Set(paths.map((p) => p.split('.')[0] ?? ''));
    const followsLookup = paths.some((p) => {
      const [first = '', ...rest] = p.split('.');
      return rest.length > 0 && object.byName.get(first)?.def.type === 'lookup';
    });
    return { rule, reads, followsLookup };
  });
  const defaults = object.fields.filter((f) => f.def.default_rule !== undefined && !f.type.generated).map((field) => ({ field, rule: field.def.default_rule as JsonValue }));
  return { rules: planned, defaults, lookups: lookupNeeds(model, object, read.flat(), 0), any: planned.length > 0 || defaults.length > 0 };
}

// Keyed by the compiled object, which lives exactly as long as its model version.
const plans = new WeakMap<CompiledObject, RulePlan>();

export function rulePlanOf(model: CompiledModel, object: CompiledObject): RulePlan {
  let plan = plans.get(object);
  if (!plan) {
    plan = buildPlan(model, object);
    plans.set(object, plan);
  }
  return plan;
}
