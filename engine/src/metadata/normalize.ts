import { AppError } from '../kernel/index.ts';
import type { FieldDef, LocalizedText, ObjectDef } from './types.ts';

/** "budget_total" → "Budget total": a readable default label. */
export function labelFromApiName(apiName: string): string {
  const words = apiName.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A label may be sent as a plain string (English) or as {en, zh-CN}. */
export function normalizeLabel(value: unknown, fallback: string | undefined): unknown {
  if (typeof value === 'string') return { en: value } satisfies LocalizedText;
  if (value === undefined && fallback !== undefined) return { en: fallback } satisfies LocalizedText;
  return value;
}

function asRecord(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('invalid_metadata', `The ${what} must be a JSON object`, { errors: [{ field: 'body', message: 'must be an object' }] });
  return body as Record<string, unknown>;
}

/** API input for a field → a field definition (labels normalised; checked later by the schema stage). */
export function normalizeFieldInput(body: unknown): FieldDef {
  const input = asRecord(body, 'field');
  const apiName = typeof input.api_name === 'string' ? input.api_name : undefined;
  const field: Record<string, unknown> = { ...input, label: normalizeLabel(input.label, apiName ? labelFromApiName(apiName) : undefined) };
  if (input.help_text !== undefined) field.help_text = normalizeLabel(input.help_text, undefined);
  return field as unknown as FieldDef;
}

export function normalizeFieldPatch(body: unknown): Partial<FieldDef> {
  const input = asRecord(body, 'field change');
  if ('api_name' in input) throw new AppError('immutable_property', 'A field API name cannot change; create a new field instead', { errors: [{ field: 'api_name', message: 'is immutable' }] });
  const patch: Record<string, unknown> = { ...input };
  if (input.label !== undefined) patch.label = normalizeLabel(input.label, undefined);
  if (input.help_text !== undefined) patch.help_text = normalizeLabel(input.help_text, undefined);
  return patch as Partial<FieldDef>;
}

/**
 * API input for an object → an object definition. Without `name_field`, the object gets a required
 * text field `name` (unless it already has one) and uses it.
 */
export function normalizeObjectInput(body: unknown): ObjectDef {
  const input = asRecord(body, 'object');
  const apiName = typeof input.api_name === 'string' ? input.api_name : undefined;
  const label = normalizeLabel(input.label, apiName ? labelFromApiName(apiName) : undefined);
  const fieldsInput = input.fields === undefined ? [] : input.fields;
  if (!Array.isArray(fieldsInput)) throw new AppError('invalid_metadata', 'fields must be a list', { errors: [{ field: 'fields', message: 'must be an array' }] });
  const fields = fieldsInput.map(normalizeFieldInput);
  const object: Record<string, unknown> = { ...input, label, plural_label: normalizeLabel(input.plural_label, undefined) ?? label, fields };
  if (input.name_field === undefined) {
    object.name_field = 'name';
    if (!fields.some((f) => f.api_name === 'name')) fields.unshift({ api_name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true });
  }
  return object as unknown as ObjectDef;
}

export function normalizeObjectPatch(body: unknown): Partial<ObjectDef> {
  const input = asRecord(body, 'object change');
  if ('api_name' in input) throw new AppError('immutable_property', 'An object API name cannot change', { errors: [{ field: 'api_name', message: 'is immutable' }] });
  if ('fields' in input) throw new AppError('invalid_metadata', 'Change fields through /fields', { errors: [{ field: 'fields', message: 'use POST/PATCH /api/meta/objects/:object/fields' }] });
  const patch: Record<string, unknown> = { ...input };
  if (input.label !== undefined) patch.label = normalizeLabel(input.label, undefined);
  if (input.plural_label !== undefined) patch.plural_label = normalizeLabel(input.plural_label, undefined);
  return patch as Partial<ObjectDef>;
}
