/** The operators the visual builder offers for each kind of field (docs/rule-language.md). Pure. */
import type { FieldKind } from './field-catalog.ts';

export type OperatorId =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'between'
  | 'contains'
  | 'starts_with'
  | 'ends_with'
  | 'empty'
  | 'not_empty'
  | 'is_true'
  | 'is_false'
  | 'any_of'
  | 'has'
  | 'last_days'
  | 'next_days'
  | 'is_me'
  | 'is_not_me';

export const OPERATORS: Record<FieldKind, OperatorId[]> = {
  text: ['eq', 'ne', 'contains', 'starts_with', 'ends_with', 'empty', 'not_empty'],
  number: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'empty', 'not_empty'],
  date: ['eq', 'lt', 'gt', 'le', 'ge', 'between', 'last_days', 'next_days', 'empty', 'not_empty'],
  datetime: ['lt', 'gt', 'between', 'last_days', 'next_days', 'empty', 'not_empty'],
  boolean: ['is_true', 'is_false'],
  picklist: ['eq', 'ne', 'any_of', 'empty', 'not_empty'],
  multi_picklist: ['has', 'empty', 'not_empty'],
  user: ['is_me', 'is_not_me', 'eq', 'ne', 'empty', 'not_empty'],
  lookup: ['eq', 'ne', 'empty', 'not_empty'],
};

/** How many values an operator takes: none, one, two (between) or a list (any of). */
export function arity(op: OperatorId): 0 | 1 | 2 | 'list' {
  if (op === 'empty' || op === 'not_empty' || op === 'is_true' || op === 'is_false' || op === 'is_me' || op === 'is_not_me') return 0;
  if (op === 'between') return 2;
  if (op === 'any_of') return 'list';
  return 1;
}

/** The i18n key of an operator's words for a kind ("before" for dates, "<" for numbers, "is" for picklists). */
export function operatorKey(op: OperatorId, kind: FieldKind): string {
  if (kind === 'date' || kind === 'datetime') {
    if (op === 'eq') return 'op_on';
    if (op === 'lt') return 'op_before';
    if (op === 'gt') return 'op_after';
    if (op === 'le') return 'op_on_or_before';
    if (op === 'ge') return 'op_on_or_after';
  }
  if (kind === 'picklist' || kind === 'user' || kind === 'lookup') {
    if (op === 'eq') return 'op_is';
    if (op === 'ne') return 'op_is_not';
  }
  if (kind === 'number') {
    if (op === 'eq') return 'op_num_eq';
    if (op === 'ne') return 'op_num_ne';
  }
  return `op_${op}`;
}
