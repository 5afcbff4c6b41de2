import type { FieldError } from '../kernel/index.ts';
import { checkApiName, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, metadataScope, type LogicType, type OperatorRegistry, type RuleScope } from '../logic/index.ts';
import { ownFieldsOnly } from './own-fields.ts';

/**
 * Semantic checks of an object's validation rules and JSON-logic defaults (their shape is checked by the
 * metadata JSON Schema first). Both run in JavaScript in the save pipeline, so JS-only operations
 * (prior, changed, reduce) are allowed; every `var` must resolve to a field of the object as it will be,
 * through lookups two levels deep. Errors name the place inside the rule:
 * `validation_rules.<i>.condition.<path>` and `fields.<field>.default_rule.<path>`.
 */
export function ruleErrors(object: ObjectDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  // Rules run in JavaScript, where formulas are computed too: their types are enough here.
  const scope = metadataScope({ metadata, registry, object: object.api_name, schema: 'rule_check', operators, formulas: 'type' });
  return [...validationRuleErrors(object, scope, operators), ...defaultRuleErrors(object, scope, registry, operators)];
}

function ruleProblems(rule: unknown, at: string, scope: RuleScope, operators: OperatorRegistry): { type: LogicType; errors: FieldError[] } {
  const check = checkRule(rule, { resolveVar: (path) => scope.resolveVar(path), mode: 'js', operators });
  return { type: check.type, errors: check.errors.map((e) => ({ field: e.field === '' ? at : `${at}.${e.field}`, message: e.message, code: e.code ?? 'invalid_rule' })) };
}

function validationRuleErrors(object: ObjectDef, scope: RuleScope, operators: OperatorRegistry): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const fields = new Set(object.fields.filter((f) => !f.archived).map((f) => f.api_name));
  (object.validation_rules ?? []).forEach((rule, i) => {
    const at = `validation_rules.${i}`;
    errors.push(...checkApiName(rule.api_name, `${at}.api_name`));
    if (names.has(rule.api_name)) errors.push({ field: `${at}.api_name`, message: 'is used by two validation rules of this object', code: 'duplicate_name' });
    names.add(rule.api_name);
    if (rule.field !== undefined && !fields.has(rule.field) && rule.field !== 'owner_id') {
      errors.push({ field: `${at}.field`, message: `"${rule.field}" is not an active field of "${object.api_name}"`, code: 'unknown_field' });
    }
    errors.push(...ruleProblems(rule.condition, `${at}.condition`, scope, operators).errors);
  });
  return errors;
}

/** May a rule of type `actual` fill a field whose values are `expected`? Dates arrive as text. */
function fits(expected: LogicType, actual: LogicType): boolean {
  if (expected === 'any' || actual === 'any' || actual === 'null' || expected === actual) return true;
  return actual === 'string' && (expected === 'date' || expected === 'datetime');
}

function defaultRuleErrors(object: ObjectDef, scope: RuleScope, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const errors: FieldError[] = [];
  // A default is computed from the input before anything is checked, so it may not follow a lookup to
  // a record the actor might not be allowed to see.
  const ownFields: RuleScope = { resolveVar: ownFieldsOnly(object, (path) => scope.resolveVar(path)) };
  for (const field of object.fields) {
    if (field.default_rule === undefined || field.archived) continue;
    const at = `fields.${field.api_name}.default_rule`;
    if (registry.get(field.type)?.generated) {
      errors.push({ field: at, message: 'a generated field has no default', code: 'invalid_metadata' });
      continue;
    }
    if (field.default !== undefined) {
      errors.push({ field: at, message: 'a field has either a literal default or a default_rule, not both', code: 'invalid_metadata' });
      continue;
    }
    const { type, errors: problems } = ruleProblems(field.default_rule, at, ownFields, operators);
    errors.push(...problems);
    const expected = scope.resolveVar(field.api_name)?.type ?? 'any';
    if (problems.length === 0 && !fits(expected, type)) {
      errors.push({ field: at, message: `the rule gives a ${type === 'string' ? 'text' : type} value; "${field.api_name}" holds ${expected === 'string' ? 'text' : `${expected} values`}`, code: 'type_mismatch' });
    }
  }
  return errors;
}
