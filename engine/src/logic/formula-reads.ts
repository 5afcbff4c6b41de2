import { SYSTEM_FIELDS, type FieldDef, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule } from './check/check-rule.ts';
import type { OperatorRegistry } from './operator-registry.ts';

/** A field of some object. */
export interface FieldRef {
  object: string;
  field: string;
}

/**
 * Every path a rule reads from its record as written — in var, missing, missing_some, prior, changed and
 * any operator that resolves a path (element scopes of map/filter/some… excluded). Which fields exist
 * does not matter here: each path is recorded as the rule's check meets it.
 */
export function rulePaths(rule: unknown, operators: OperatorRegistry): string[] {
  const paths: string[] = [];
  checkRule(rule, { resolveVar: (path) => (paths.push(path), { type: 'any' }), mode: 'js', operators, types: false });
  return paths;
}

const active = (object: ObjectDef | undefined, name: string): FieldDef | undefined => object?.fields.find((f) => f.api_name === name && !f.archived);

/**
 * Every field a formula reads, on its own object and on the objects its lookups reach, following the
 * formulas it reads in turn: each lookup field a path goes through, each field at a path's end, and the
 * formulas in between. What the access stage needs to hide a formula whose value would tell a field the
 * reader may not see.
 */
export function formulaReads(metadata: TenantMetadata, registry: FieldTypeRegistry, object: string, field: string, operators: OperatorRegistry): FieldRef[] {
  const objects = new Map(metadata.objects.filter((o) => !o.archived).map((o) => [o.api_name, o]));
  const reads = new Map<string, FieldRef>();
  const visited = new Set<string>();
  const visit = (objectName: string, formula: FieldDef) => {
    const key = `${objectName}.${formula.api_name}`;
    if (visited.has(key)) return;
    visited.add(key);
    const computed = registry.get(formula.type)?.computed;
    if (!computed) return;
    for (const path of rulePaths(computed.expression(formula), operators)) {
      let current = objects.get(objectName);
      const segments = path.split('.');
      for (let i = 0; current && i < segments.length; i++) {
        const name = segments[i] as string;
        const def = active(current, name);
        if (!def) {
          // System fields (owner_id…) have field rights too.
          if ((SYSTEM_FIELDS as readonly string[]).includes(name)) reads.set(`${current.api_name}.${name}`, { object: current.api_name, field: name });
          break;
        }
        reads.set(`${current.api_name}.${def.api_name}`, { object: current.api_name, field: def.api_name });
        const type = registry.get(def.type);
        if (type?.computed) visit(current.api_name, def);
        const target = type?.columns(def)[0]?.references?.table;
        current = i < segments.length - 1 && target ? objects.get(target) : undefined;
      }
    }
  };
  const start = active(objects.get(object), field);
  if (start) visit(object, start);
  return [...reads.values()];
}
