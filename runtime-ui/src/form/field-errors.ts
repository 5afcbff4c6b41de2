import type { TFunction } from 'i18next';
import type { FieldProblem } from '../api/client.ts';
import { label, type LocalizedText, type ObjectDef } from '../api/types.ts';

/** A validation rule as GET /api/meta/objects gives it: the engine sends its api_name as the error's code. */
interface RuleDef {
  api_name: string;
  message: LocalizedText;
  field?: string;
}

/** The engine's stable field-error codes the app words itself (ajv keywords and the save pipeline's own). */
export const ERROR_CODES = new Set([
  'required', 'format', 'pattern', 'type', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'maxLength', 'minLength', 'maxItems', 'minItems', 'uniqueItems', 'unique', 'lookup_not_visible', 'inactive_owner', 'nul', 'unknown_field',
]);

/**
 * One engine error (422/409 `errors[]`) in the user's language: a validation rule's own message in that
 * language (the rule's api_name is the code), else the code worded here with its params (`{limit}`),
 * else the engine's English message. (`params` is in the JSON the client passes through.)
 */
export function fieldErrorText(error: FieldProblem & { params?: Record<string, string | number> }, t: TFunction, object: ObjectDef | undefined, locale: string): string {
  const rules = (object as (ObjectDef & { validation_rules?: RuleDef[] }) | undefined)?.validation_rules ?? [];
  const rule = error.code ? rules.find((r) => r.api_name === error.code && (r.field ?? 'record') === error.field) : undefined;
  if (rule) return label(rule.message, locale, error.message);
  if (error.code && ERROR_CODES.has(error.code)) return t(`form.errors.${error.code}`, { limit: '', ...(error.params ?? {}) });
  return error.message;
}
