/**
 * A plan's operations and checks in the designer's language. The engine describes each in English; the
 * parts (table, column, types) are read back out of that description with the engine's own wording
 * (engine/src/schema/operations.ts, diff.ts) and put into the translated sentence. An unknown
 * wording is shown as the engine wrote it.
 */
import type { TFunction } from 'i18next';
import type { PlanCheck, PlanOperation } from './api.ts';

const OPERATION_WORDS: Record<string, RegExp> = {
  create_table: /^creates the table "(.+)" with (\d+) field column\(s\) and the system columns$/,
  add_column: /^adds a column "(.+)" \((.+)\) to "(.+)"; existing rows are not rewritten$/,
  alter_column_type: /^converts "(.+)" from (.+) to (.+) \((.+)\); the table is rewritten$/,
  add_unique: /^makes "(.+)" unique$/,
  drop_unique: /^lets "(.+)" hold duplicate values$/,
  create_index: /^indexes "(.+)"$/,
  drop_index: /^removes the index on "(.+)"$/,
  add_foreign_key: /^makes "(.+)" refer to "(.+)" \(on delete (.+)\)$/,
  drop_foreign_key: /^removes the reference from "(.+)"$/,
  recompute_rollup: /^computes the roll-up "(.+)" \((.+)\) for every "(.+)" record$/,
  add_search_column: /^adds the search column of "(.+)" over (.+); the table is rewritten$/,
  create_search_index: /^indexes the search column of "(.+)"$/,
  drop_search_column: /^removes the search column of "(.+)" and its index$/,
};

export function operationText(operation: PlanOperation, t: TFunction): string {
  const match = OPERATION_WORDS[operation.op]?.exec(operation.description);
  if (!match) return operation.description;
  const [, p1, p2, p3, p4] = match;
  return t(`op_${operation.op}`, { p1, p2, p3, p4 });
}

const CHECK_KINDS = new Set(['rows_not_converting', 'rows_missing_required', 'values_archived', 'duplicate_values']);

/** "1 row will not convert (…)", "2 values of "lead.note" hidden by archiving (…)". */
export function checkText(check: PlanCheck & { object?: string }, t: TFunction, locale: string): string {
  const n = check.count.toLocaleString(locale);
  if (!CHECK_KINDS.has(check.kind)) return `${n} ${check.description}`;
  const type = /convert to (\S+)$/.exec(check.description)?.[1] ?? '';
  return t(`check_${check.kind}`, { count: check.count, n, object: check.object ?? '', field: check.field, type });
}
