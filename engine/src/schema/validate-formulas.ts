import { isAppError, type FieldError } from '../kernel/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { ComputedValue, FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, compileFormula, FORMULA_LOGIC_TYPE, metadataScope, rulePaths, type OperatorRegistry } from '../logic/index.ts';

/** A formula field of some object, with its computed-value description. */
interface FormulaRef {
  object: ObjectDef;
  field: FieldDef;
  computed: ComputedValue;
}

const typeWord = (type: string) => (type === 'string' ? 'text' : type);

/**
 * Semantic checks of formula fields when an object is saved, against the metadata as it will be: no
 * cycle between formulas (naming the path), then the rule itself — every `var` resolves (through
 * lookups, other formulas included), no JS-only operation (formulas run in SQL), depth and size — and
 * its type fits the declared return type. Errors name `fields.<field>.expression.<path in the rule>`.
 * Formulas of other objects that this change would break (a field they read archived) are reported as
 * `objects.<object>.fields.<field>.expression…`, so the change is refused before it breaks them.
 */
export function formulaErrors(object: ObjectDef, next: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const formulas = next.objects.filter((o) => !o.archived).flatMap((o) => formulasOf(o, registry));
  const errors: FieldError[] = [];
  for (const ref of formulas) {
    const own = ref.object.api_name === object.api_name;
    const at = own ? `fields.${ref.field.api_name}.expression` : `objects.${ref.object.api_name}.fields.${ref.field.api_name}.expression`;
    const problems = checkFormula(ref, next, registry, operators);
    for (const p of problems) errors.push({ ...p, field: p.field === '' ? at : `${at}.${p.field}`, message: own ? p.message : `the formula ${ref.object.api_name}.${ref.field.api_name} would break: ${p.message}` });
  }
  return errors;
}

function formulasOf(object: ObjectDef, registry: FieldTypeRegistry): FormulaRef[] {
  return object.fields.flatMap((field) => {
    const computed = field.archived ? undefined : registry.get(field.type)?.computed;
    return computed ? [{ object, field, computed }] : [];
  });
}

/** One formula's problems, each naming its place in the rule ('' for the rule as a whole). */
function checkFormula(ref: FormulaRef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const expression = ref.computed.expression(ref.field);
  const cycle = findCycle(ref, metadata, registry, operators);
  if (cycle) return [{ field: '', message: `formulas may not depend on themselves: ${cycle.join(' → ')}`, code: 'formula_cycle' }];
  // Each formula read is compiled in place: a chain of formulas each reading the previous twice doubles at every step.
  const size = expandedSize(ref, metadata, registry, operators);
  if (size > MAX_EXPANDED_BYTES) return [tooLarge()];
  const scope = metadataScope({ metadata, registry, object: ref.object.api_name, schema: 'formula_check', operators });
  const check = checkRule(expression, { resolveVar: (path) => scope.resolveVar(path), mode: 'sql', operators });
  if (!check.ok) return check.errors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? 'invalid_rule' }));
  const returnType = ref.computed.returnType(ref.field);
  const expected = FORMULA_LOGIC_TYPE[returnType];
  if (check.type !== expected && check.type !== 'null') {
    const what = check.type === 'any' ? 'a value whose type is only known when it runs' : `a ${typeWord(check.type)} value`;
    return [{ field: '', message: `the expression gives ${what}; the formula is declared to return ${returnType}`, code: 'type_mismatch' }];
  }
  try {
    const sql = compileFormula({ expression, returnType, scale: ref.computed.scale(ref.field) }, scope, { operators });
    if (sql.sql.length > MAX_SQL_CHARS || sql.bindings.length > MAX_SQL_BINDINGS) return [tooLarge()];
  } catch (err) {
    // The statement outgrew what can be built at all (bindings beyond the call stack): refused like any too large one.
    if (err instanceof RangeError) return [tooLarge()];
    if (!isAppError(err)) throw err;
    return (err.errors ?? [{ field: '', message: err.message }]).map((e) => ({ field: e.field, message: e.message, code: e.code ?? 'not_compilable' }));
  }
  return [];
}

/** How large a formula's rule may grow once every formula it reads is written out in its place, and its SQL. */
const MAX_EXPANDED_BYTES = 64 * 1024;
const MAX_SQL_CHARS = 1024 * 1024;
const MAX_SQL_BINDINGS = 10_000;

const tooLarge = (): FieldError => ({ field: '', message: `with the formulas it reads written out, the expression is too large (over ${MAX_EXPANDED_BYTES / 1024} KB of rule, or ${MAX_SQL_CHARS / 1024} KB and ${MAX_SQL_BINDINGS} values of SQL)`, code: 'too_large' });

/** The size of a formula's rule with every formula it reads (through lookups too) written out in place. */
function expandedSize(start: FormulaRef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): number {
  const sizes = new Map<string, number>();
  const measure = (ref: FormulaRef): number => {
    const key = `${ref.object.api_name}.${ref.field.api_name}`;
    const known = sizes.get(key);
    if (known !== undefined) return known;
    // A cycle elsewhere is that formula's own error; it counts as nothing here.
    sizes.set(key, 0);
    const expression = ref.computed.expression(ref.field);
    let size = JSON.stringify(expression ?? null).length;
    for (const path of rulePaths(expression, operators)) {
      const read = formulaAt(ref.object, path, metadata, registry);
      if (read) size += measure(read);
      if (size > MAX_EXPANDED_BYTES) break;
    }
    sizes.set(key, size);
    return size;
  };
  return measure(start);
}

/** The formula a path ends on, following lookups: `customer.level` → the customer's formula `level`. */
function formulaAt(object: ObjectDef, path: string, metadata: TenantMetadata, registry: FieldTypeRegistry): FormulaRef | undefined {
  let current: ObjectDef | undefined = object;
  const segments = path.split('.');
  for (let i = 0; current && i < segments.length; i++) {
    const field: FieldDef | undefined = current.fields.find((f) => f.api_name === segments[i] && !f.archived);
    if (!field) return undefined;
    const computed = registry.get(field.type)?.computed;
    if (i === segments.length - 1) return computed ? { object: current, field, computed } : undefined;
    const target: string | undefined = registry.get(field.type)?.columns(field)[0]?.references?.table;
    current = target ? metadata.objects.find((o) => o.api_name === target && !o.archived) : undefined;
  }
  return undefined;
}

/** A cycle through `start` (`deal.a → deal.b → deal.a`), or null. */
function findCycle(start: FormulaRef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): string[] | null {
  const name = (ref: FormulaRef) => `${ref.object.api_name}.${ref.field.api_name}`;
  const clear = new Set<string>();
  const visit = (ref: FormulaRef, trail: string[]): string[] | null => {
    for (const path of rulePaths(ref.computed.expression(ref.field), operators)) {
      const next = formulaAt(ref.object, path, metadata, registry);
      if (!next) continue;
      if (name(next) === name(start)) return [...trail, name(next)];
      // Only cycles through the formula being checked are its own; others are reported on their own field.
      if (trail.includes(name(next)) || clear.has(name(next))) continue;
      const found = visit(next, [...trail, name(next)]);
      if (found) return found;
    }
    clear.add(name(ref));
    return null;
  };
  return visit(start, [name(start)]);
}
