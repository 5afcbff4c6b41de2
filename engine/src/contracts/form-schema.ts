import { AppError, type JsonSchema, type JsonValue } from '../kernel/index.ts';
import { orderedValues } from '../field-types/index.ts';
import type { FieldDef, LayoutDef, LayoutField, Locale, LocalizedText, TenantMetadata } from '../metadata/index.ts';
import type { CompiledObject } from './compiled-model.ts';
import { formWidget } from './form-widgets.ts';

export type FormMode = 'create' | 'update';

/** What the form needs to know about the actor: which fields they may read and edit, their roles. */
export interface FormActor {
  readable: ReadonlySet<string>;
  editable: ReadonlySet<string>;
  roles: readonly string[];
}

export interface FormRequest {
  object: CompiledObject;
  metadata: TenantMetadata;
  actor: FormActor;
  locale: Locale;
  mode: FormMode;
  /** A layout's API name; unset: the first layout for the actor's roles, else the default layout. */
  layout?: string;
}

export interface FormLayoutField {
  field: string;
  read_only: boolean;
  required: boolean;
  visible_if?: JsonValue;
  required_if?: JsonValue;
}

export interface FormLayout {
  api_name: string;
  label: string;
  sections: Array<{ label: string; columns: 1 | 2; fields: FormLayoutField[] }>;
}

/** The body of GET /api/forms/:object: react-jsonschema-form's schema and uiSchema, and the sections. */
export interface FormDefinition {
  object: string;
  mode: FormMode;
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
  layout: FormLayout;
}

export const DEFAULT_LAYOUT = 'default';

/** A label in the requested language, else the other one, else the fallback. */
export function localized(text: LocalizedText | undefined, locale: Locale, fallback: string): string {
  return text?.[locale] ?? text?.en ?? text?.['zh-CN'] ?? fallback;
}

function defaultLayout(object: CompiledObject): LayoutDef {
  return {
    api_name: DEFAULT_LAYOUT,
    label: { en: 'Default', 'zh-CN': '默认' },
    sections: [{ label: { en: 'Details', 'zh-CN': '详细信息' }, columns: 2, fields: object.fields.map((f) => ({ field: f.def.api_name })) }],
  };
}

function chooseLayout(request: FormRequest): LayoutDef {
  const layouts = request.object.def.layouts ?? [];
  if (request.layout !== undefined && request.layout !== DEFAULT_LAYOUT) {
    const named = layouts.find((l) => l.api_name === request.layout);
    if (!named) throw new AppError('layout_not_found', `"${request.object.def.api_name}" has no layout "${request.layout}"`, { errors: [{ field: 'layout', message: 'is not a layout of this object' }] });
    return named;
  }
  if (request.layout === DEFAULT_LAYOUT) return defaultLayout(request.object);
  const forRoles = layouts.find((l) => l.roles?.some((r) => request.actor.roles.includes(r)));
  return forRoles ?? layouts.find((l) => !l.roles || l.roles.length === 0) ?? defaultLayout(request.object);
}

function fieldTitle(def: FieldDef, locale: Locale): string {
  return localized(def.label, locale, def.api_name);
}

/**
 * Metadata + the actor's field access → the form of one object. Only fields the actor may read are in
 * it; those they may not edit (and generated ones) are read-only. The value schemas are the record
 * schemas' (contracts/record-schemas.ts) without null: an empty input is simply left out.
 */
export function buildForm(request: FormRequest): FormDefinition {
  const { object, actor, locale, mode } = request;
  const layout = chooseLayout(request);
  const requiredBySchema = new Set((object.schemas.create.required as string[] | undefined) ?? []);
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: Record<string, unknown> = {};
  const required: string[] = [];
  const order: string[] = [];
  const sections: FormLayout['sections'] = [];
  for (const section of layout.sections) {
    const placed: FormLayoutField[] = [];
    for (const item of section.fields) {
      const field = object.byName.get(item.field);
      if (!field || !actor.readable.has(item.field)) continue;
      const { def, type } = field;
      const readOnly = item.read_only === true || !actor.editable.has(def.api_name) || type.generated === true;
      const isRequired = !readOnly && ((mode === 'create' && requiredBySchema.has(def.api_name)) || def.required === true || item.required === true);
      const help = def.help_text ? localized(def.help_text, locale, '') : '';
      properties[def.api_name] = { ...type.valueSchema(def), title: fieldTitle(def, locale), ...(help ? { description: help } : {}), ...(readOnly ? { readOnly: true } : {}) };
      uiSchema[def.api_name] = formWidget(def, { metadata: request.metadata, locale, readOnly, options: pickOptions(def, locale) });
      if (isRequired) required.push(def.api_name);
      order.push(def.api_name);
      placed.push(layoutField(item, readOnly, isRequired, actor.readable));
    }
    if (placed.length > 0) sections.push({ label: localized(section.label, locale, ''), columns: section.columns ?? 1, fields: placed });
  }
  uiSchema['ui:order'] = order;
  return {
    object: object.def.api_name,
    mode,
    schema: { type: 'object', title: localized(object.def.label, locale, object.def.api_name), properties, required, additionalProperties: false },
    uiSchema,
    layout: { api_name: layout.api_name, label: localized(layout.label, locale, layout.api_name), sections },
  };
}

/** Stands for a field named by a computed value: no actor can be shown to read it. */
const COMPUTED_NAME = '\u0000computed';
/** Operations whose arguments are field names (missing_some: its second argument). */
const NAMING = new Set(['missing', 'missing_some', 'prior', 'changed']);

/** The fields a rule reads (first segment of each path in var, missing, missing_some, prior, changed). */
function varsOf(rule: JsonValue | undefined, into = new Set<string>()): Set<string> {
  const name = (path: JsonValue | undefined) => {
    if (typeof path === 'string') into.add(path.split('.')[0] ?? '');
    else if (typeof path === 'number') into.add(String(path));
    else if (Array.isArray(path)) path.forEach(name);
    else {
      into.add(COMPUTED_NAME);
      varsOf(path, into);
    }
  };
  if (Array.isArray(rule)) rule.forEach((item) => varsOf(item, into));
  else if (rule !== null && typeof rule === 'object') {
    for (const [key, value] of Object.entries(rule)) {
      const args = Array.isArray(value) ? value : [value];
      if (key === 'var') {
        name(args[0]);
        varsOf(args.slice(1), into);
      } else if (NAMING.has(key)) {
        if (key === 'missing_some') {
          varsOf(args[0], into);
          name(args[1]);
        } else args.forEach(name);
      } else varsOf(value, into);
    }
  }
  return into;
}

/**
 * A rule that reads a field hidden from the actor is left out (the field shows, is not required by it):
 * the browser could not evaluate it, and the rule would name the hidden field.
 */
function layoutField(item: LayoutField, readOnly: boolean, required: boolean, readable: ReadonlySet<string>): FormLayoutField {
  const usable = (rule: JsonValue | undefined) => rule !== undefined && [...varsOf(rule)].every((name) => readable.has(name));
  return {
    field: item.field,
    read_only: readOnly,
    required,
    ...(usable(item.visible_if) ? { visible_if: item.visible_if } : {}),
    ...(usable(item.required_if) && !readOnly ? { required_if: item.required_if } : {}),
  };
}

/** Picklist values in display order with their labels in the actor's language and their colours. */
function pickOptions(def: FieldDef, locale: Locale): Array<{ value: string; label: string; color?: string }> | undefined {
  if (!def.values) return undefined;
  return orderedValues(def)
    .filter((v) => v.active !== false)
    .map((v) => ({ value: v.value, label: localized(v.label, locale, v.value), ...(v.color ? { color: v.color } : {}) }));
}
