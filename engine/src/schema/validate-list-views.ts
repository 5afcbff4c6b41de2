import type { FieldError, JsonValue } from '../kernel/index.ts';
import { checkApiName, SYSTEM_FIELDS, type FieldDef, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { checkRule, metadataScope, type OperatorRegistry } from '../logic/index.ts';

const SYSTEM = new Set<string>(SYSTEM_FIELDS.filter((f) => f !== 'deleted_at'));
const SUMMABLE = new Set(['integer', 'decimal', 'currency', 'percent', 'rollup']);

/** What a list view and a user's saved view have in common: the columns shown, a sort and a filter. */
export interface ViewDefinition {
  columns?: string[];
  sort?: string;
  filter?: JsonValue;
}

/** A checker of view definitions over one object: `check(view, at)` → errors named from `at` (`list_views.0`, or '' for a saved view). */
export interface ViewChecker {
  check(view: ViewDefinition, at: string): FieldError[];
  /** The active field `name`, or undefined (an error pushed at `at` unless it is a system field). */
  known(name: string, at: string, errors: FieldError[]): FieldDef | undefined;
}

const place = (at: string, rest: string) => (at ? `${at}.${rest}` : rest);

/**
 * Columns and sort keys that are fields of the object, at most five sortable sort keys, and a filter that is
 * valid JSON-logic compiling to SQL (views are lists, so they run in the database). `metadata` holds the
 * object as it is checked (validateObject passes the metadata as the change would leave it).
 */
export function viewChecker(object: ObjectDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): ViewChecker {
  const fields = new Map(object.fields.filter((f) => !f.archived).map((f) => [f.api_name, f]));
  const scope = metadataScope({ metadata, registry, object: object.api_name, schema: 'view_check', operators });
  const known = (name: string, at: string, errors: FieldError[]): FieldDef | undefined => {
    const field = fields.get(name);
    if (!field && !SYSTEM.has(name)) errors.push({ field: at, message: `"${name}" is not a field of "${object.api_name}"`, code: 'unknown_field' });
    return field;
  };
  const check = (view: ViewDefinition, at: string): FieldError[] => {
    const errors: FieldError[] = [];
    view.columns?.forEach((column, c) => known(column, place(at, `columns.${c}`), errors));
    if (view.sort !== undefined) {
      const keys = view.sort.split(',').map((k) => k.trim().replace(/^[-+]/, '')).filter(Boolean);
      if (keys.length > 5) errors.push({ field: place(at, 'sort'), message: 'sorts by at most five fields', code: 'invalid_metadata' });
      for (const key of keys) {
        const field = known(key, place(at, 'sort'), errors);
        const type = field ? registry.get(field.type) : undefined;
        if (field && type && type.sortColumn(field) === null) errors.push({ field: place(at, 'sort'), message: `a ${field.type} field cannot be sorted`, code: 'invalid_metadata' });
      }
    }
    if (view.filter !== undefined) {
      const result = checkRule(view.filter, { resolveVar: (path) => scope.resolveVar(path), mode: 'sql', operators });
      for (const e of result.errors) errors.push({ field: place(at, `filter${e.field ? `.${e.field}` : ''}`), message: e.message, code: e.code ?? 'invalid_rule' });
    }
    return errors;
  };
  return { check, known };
}

/**
 * Semantic checks of an object's list views (their shape is checked by the metadata JSON Schema first):
 * unique names; the view definition (`viewChecker`); a kanban grouped by a picklist and summing a number.
 */
export function listViewErrors(object: ObjectDef, metadata: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): FieldError[] {
  const errors: FieldError[] = [];
  const checker = viewChecker(object, metadata, registry, operators);
  const names = new Set<string>();
  (object.list_views ?? []).forEach((view, v) => {
    const at = `list_views.${v}`;
    errors.push(...checkApiName(view.api_name, `${at}.api_name`));
    if (names.has(view.api_name)) errors.push({ field: `${at}.api_name`, message: 'is used by two list views', code: 'duplicate_name' });
    names.add(view.api_name);
    errors.push(...checker.check(view, at));
    const kanban = view.kanban;
    if (kanban) {
      const group = checker.known(kanban.group_by, `${at}.kanban.group_by`, errors);
      if (group && group.type !== 'picklist') errors.push({ field: `${at}.kanban.group_by`, message: 'a kanban groups by a picklist field', code: 'invalid_metadata' });
      kanban.card_fields?.forEach((name, i) => checker.known(name, `${at}.kanban.card_fields.${i}`, errors));
      if (kanban.sum_field !== undefined) {
        const sum = checker.known(kanban.sum_field, `${at}.kanban.sum_field`, errors);
        const numeric = sum && (SUMMABLE.has(sum.type) || (sum.type === 'formula' && sum.return_type === 'number'));
        if (sum && !numeric) errors.push({ field: `${at}.kanban.sum_field`, message: 'a kanban sums a number or currency field', code: 'invalid_metadata' });
      }
    }
  });
  return errors;
}
