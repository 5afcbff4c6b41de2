import type { FieldError } from '../kernel/index.ts';
import { checkApiName, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, metadataScope, type OperatorRegistry } from '../logic/index.ts';
import { ownFieldsOnly } from './own-fields.ts';

const RULES = ['visible_if', 'required_if'] as const;

/**
 * Semantic checks of an object's layouts (their shape is checked by the metadata JSON Schema first):
 * unique names, every placed field a field of the object and placed once, and the
 * visibility / required-ness rules valid JSON-logic over the record's own fields — they are evaluated
 * in the browser on the form's data, where looked-up records are not loaded, so a path may not follow
 * a lookup.
 */
export function layoutErrors(object: ObjectDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const errors: FieldError[] = [];
  // Archived fields may stay on a layout (forms leave them out), so archiving one is never refused here.
  const known = new Map(object.fields.map((f) => [f.api_name, f]));
  const scope = metadataScope({ metadata, registry, object: object.api_name, schema: 'layout_check', operators });
  const resolveVar = ownFieldsOnly(object, (path) => scope.resolveVar(path));
  const names = new Set<string>();
  (object.layouts ?? []).forEach((layout, l) => {
    const at = `layouts.${l}`;
    errors.push(...checkApiName(layout.api_name, `${at}.api_name`));
    if (names.has(layout.api_name)) errors.push({ field: `${at}.api_name`, message: 'is used by two layouts', code: 'duplicate_name' });
    names.add(layout.api_name);
    const placed = new Set<string>();
    layout.sections.forEach((section, s) => {
      section.fields.forEach((item, f) => {
        const where = `${at}.sections.${s}.fields.${f}`;
        if (!known.has(item.field)) errors.push({ field: `${where}.field`, message: `"${item.field}" is not a field of "${object.api_name}"`, code: 'invalid_metadata' });
        else if (placed.has(item.field)) errors.push({ field: `${where}.field`, message: `"${item.field}" is placed twice on this layout`, code: 'invalid_metadata' });
        placed.add(item.field);
        for (const key of RULES) {
          if (item[key] === undefined) continue;
          const check = checkRule(item[key], { resolveVar, mode: 'js', operators });
          for (const e of check.errors) errors.push({ field: `${where}.${key}${e.field ? `.${e.field}` : ''}`, message: e.message, code: 'invalid_metadata' });
        }
      });
    });
  });
  return errors;
}
