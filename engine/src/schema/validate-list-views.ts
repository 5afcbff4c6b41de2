import type { FieldError } from '../kernel/index.ts';
import { checkApiName, SYSTEM_FIELDS, type FieldDef, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, createBuiltinOperators, metadataScope, type OperatorRegistry } from '../logic/index.ts';

const SYSTEM = new Set<string>(SYSTEM_FIELDS.filter((f) => f !== 'deleted_at'));
const SUMMABLE = new Set(['integer', 'decimal', 'currency', 'percent', 'rollup']);

/**
 * Semantic checks of an object's list views (their shape is checked by the metadata JSON Schema first):
 * unique names; columns, sort keys and kanban fields that are fields of the object; a filter that is
 * valid JSON-logic compiling to SQL (views are lists, so they run in the database); a kanban grouped by a
 * picklist and summing a number.
 */
export function listViewErrors(object: ObjectDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry = createBuiltinOperators()): FieldError[] {
  const errors: FieldError[] = [];
  const fields = new Map(object.fields.filter((f) => !f.archived).map((f) => [f.api_name, f]));
  const others = metadata.objects.filter((o) => o.api_name !== object.api_name);
  const scope = metadataScope({ metadata: { ...metadata, objects: [...others, object] }, registry, object: object.api_name, schema: 'view_check' });
  const names = new Set<string>();
  const known = (name: string, at: string): FieldDef | undefined => {
    const field = fields.get(name);
    if (!field && !SYSTEM.has(name)) errors.push({ field: at, message: `"${name}" is not a field of "${object.api_name}"`, code: 'unknown_field' });
    return field;
  };
  (object.list_views ?? []).forEach((view, v) => {
    const at = `list_views.${v}`;
    errors.push(...checkApiName(view.api_name, `${at}.api_name`));
    if (names.has(view.api_name)) errors.push({ field: `${at}.api_name`, message: 'is used by two list views', code: 'duplicate_name' });
    names.add(view.api_name);
    view.columns.forEach((column, c) => known(column, `${at}.columns.${c}`));
    if (view.sort !== undefined) {
      const keys = view.sort.split(',').map((k) => k.trim().replace(/^[-+]/, '')).filter(Boolean);
      if (keys.length > 5) errors.push({ field: `${at}.sort`, message: 'sorts by at most five fields', code: 'invalid_metadata' });
      for (const key of keys) {
        const field = known(key, `${at}.sort`);
        const type = field ? registry.get(field.type) : undefined;
        if (field && type && type.sortColumn(field) === null) errors.push({ field: `${at}.sort`, message: `a ${field.type} field cannot be sorted`, code: 'invalid_metadata' });
      }
    }
    if (view.filter !== undefined) {
      const check = checkRule(view.filter, { resolveVar: (path) => scope.resolveVar(path), mode: 'sql', operators });
      for (const e of check.errors) errors.push({ field: `${at}.filter${e.field ? `.${e.field}` : ''}`, message: e.message, code: e.code ?? 'invalid_rule' });
    }
    const kanban = view.kanban;
    if (kanban) {
      const group = known(kanban.group_by, `${at}.kanban.group_by`);
      if (group && group.type !== 'picklist') errors.push({ field: `${at}.kanban.group_by`, message: 'a kanban groups by a picklist field', code: 'invalid_metadata' });
      kanban.card_fields?.forEach((name, i) => known(name, `${at}.kanban.card_fields.${i}`));
      if (kanban.sum_field !== undefined) {
        const sum = known(kanban.sum_field, `${at}.kanban.sum_field`);
        const numeric = sum && (SUMMABLE.has(sum.type) || (sum.type === 'formula' && sum.return_type === 'number'));
        if (sum && !numeric) errors.push({ field: `${at}.kanban.sum_field`, message: 'a kanban sums a number or currency field', code: 'invalid_metadata' });
      }
    }
  });
  return errors;
}
