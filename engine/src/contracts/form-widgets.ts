import type { FieldDef, Locale, TenantMetadata } from '../metadata/index.ts';

export interface WidgetContext {
  metadata: TenantMetadata;
  locale: Locale;
  readOnly: boolean;
  /** Picklist values with their labels in the actor's language and their colours. */
  options?: Array<{ value: string; label: string; color?: string }>;
}

/**
 * The uiSchema of one field: which widget the app renders it with, and that widget's options. The
 * widget names are the app's (runtime-ui/src/form/widgets): lookup, picklist, multi_picklist,
 * currency (a field: amount + code), percent, date, datetime, rich_text, user, autonumber; other types
 * use react-jsonschema-form's own widgets (text, textarea, updown, checkbox, email, uri).
 */
export function formWidget(def: FieldDef, ctx: WidgetContext): Record<string, unknown> {
  const base: Record<string, unknown> = ctx.readOnly ? { 'ui:readonly': true } : {};
  const widget = (name: string, options: Record<string, unknown> = {}) => ({ ...base, 'ui:widget': name, 'ui:options': { fieldType: def.type, ...options } });
  switch (def.type) {
    case 'lookup': {
      const target = ctx.metadata.objects.find((o) => o.api_name === def.target);
      const label = target?.label[ctx.locale] ?? target?.label.en ?? def.target;
      return widget('lookup', { target: def.target, targetLabel: label, nameField: target?.name_field ?? 'id' });
    }
    case 'user':
      return widget('user');
    case 'picklist':
      return widget('picklist', { values: ctx.options ?? [] });
    case 'multi_picklist':
      return widget('multi_picklist', { values: ctx.options ?? [] });
    case 'currency':
      return { ...base, 'ui:field': 'currency', 'ui:options': { fieldType: def.type, currencies: def.currencies ?? null, defaultCurrency: def.default_currency ?? null } };
    case 'percent':
      return widget('percent');
    case 'date':
      return widget('date');
    case 'datetime':
      return widget('datetime');
    case 'rich_text':
      return widget('rich_text');
    case 'autonumber':
      return { ...widget('autonumber'), 'ui:readonly': true };
    case 'long_text':
      return widget('textarea');
    case 'integer':
    case 'decimal':
      return widget('updown');
    case 'boolean':
      return widget('checkbox');
    default:
      return { ...base, 'ui:options': { fieldType: def.type } };
  }
}
