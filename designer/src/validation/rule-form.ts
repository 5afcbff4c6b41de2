/** A validation rule ⇄ the drawer's form, and the engine's errors about one rule. Pure. */
import type { ValidationRuleDef } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import type { Rule } from '../logic/rule-tree.ts';

export interface RuleForm {
  api_name: string;
  condition: Rule | undefined;
  en?: string;
  zh?: string;
  field?: string;
  active: boolean;
  description?: string;
}

export function formOfRule(rule: ValidationRuleDef | undefined): RuleForm {
  if (!rule) return { api_name: '', condition: undefined, active: true };
  return {
    api_name: rule.api_name,
    condition: rule.condition,
    en: rule.message.en,
    zh: rule.message['zh-CN'],
    field: rule.field,
    active: rule.active,
    description: rule.description,
  };
}

const trimmed = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export function ruleOfForm(form: RuleForm): ValidationRuleDef {
  const en = trimmed(form.en);
  const zh = trimmed(form.zh);
  const description = trimmed(form.description);
  return {
    api_name: form.api_name.trim(),
    condition: form.condition === undefined ? null : form.condition,
    message: { ...(en ? { en } : {}), ...(zh ? { 'zh-CN': zh } : {}) },
    ...(form.field ? { field: form.field } : {}),
    active: form.active,
    ...(description ? { description } : {}),
  };
}

/** The whole list with rule `index` replaced (or added when index is the length), as update_object sends it. */
export function withRule(list: ValidationRuleDef[], index: number, rule: ValidationRuleDef): ValidationRuleDef[] {
  return index >= list.length ? [...list, rule] : list.map((r, i) => (i === index ? rule : r));
}

/** Which form field an error of `validation_rules.<index>.…` belongs to; condition errors go to the builder. */
export function formErrors(errors: FieldProblem[], index: number): { fields: Array<{ name: keyof RuleForm; errors: string[] }>; other: FieldProblem[] } {
  const at = `validation_rules.${index}`;
  const byField = new Map<keyof RuleForm, string[]>();
  const other: FieldProblem[] = [];
  const put = (name: keyof RuleForm, message: string) => byField.set(name, [...(byField.get(name) ?? []), message]);
  for (const e of errors) {
    if (e.field === `${at}.condition` || e.field.startsWith(`${at}.condition.`)) continue;
    if (e.field === `${at}.api_name`) put('api_name', e.message);
    else if (e.field === `${at}.message.zh-CN`) put('zh', e.message);
    else if (e.field === `${at}.message` || e.field.startsWith(`${at}.message.`)) put('en', e.message);
    else if (e.field === `${at}.field`) put('field', e.message);
    else if (e.field === `${at}.description`) put('description', e.message);
    else other.push(e);
  }
  return { fields: [...byField].map(([name, list]) => ({ name, errors: list })), other };
}
