/**
 * A formula's JSON-logic expression ⇄ the visual expression builder's tree, for formulas giving a number,
 * text, a date or a date/time (a yes/no formula is a condition: rule-tree.ts). Like rule-tree.ts,
 * `ruleToExpr` accepts only rules it gives back exactly (`exprToRule(ruleToExpr(r)) ≡ r`); anything else is
 * `undefined` and the builder shows the rule as raw JSON. Pure: no React.
 *
 * Parts (each fills a slot of a kind):
 *   field     {"var": "path"}             a field whose kind fits the slot
 *   value     42, "text", "2026-03-01"    a number, a text, a date (no date/time literals)
 *   empty     null                        a slot not filled in yet
 *   operation {"+": [a, b, …]}, {"date_add": [d, n, "month"]} …  (EXPR_OPS)
 *   if        {"if": [condition, then, else]}  the condition as rule-tree.ts builds it
 */
import type { FieldKind, FieldOption } from './field-catalog.ts';
import { emptyRoot, ruleToTree, sameJson, treeToRule, type GroupNode, type Rule } from './rule-tree.ts';

/** What an expression gives. */
export type ExprKind = 'number' | 'text' | 'date' | 'datetime';

/** What a place in an expression takes: one kind, a date or a date/time (`moment`), or anything joined as text (`any`). */
export type Slot = ExprKind | 'moment' | 'any';

export type ExprOpId =
  | 'add'
  | 'subtract'
  | 'multiply'
  | 'divide'
  | 'remainder'
  | 'min'
  | 'max'
  | 'length'
  | 'date_diff'
  | 'cat'
  | 'upper'
  | 'lower'
  | 'substr'
  | 'today'
  | 'now'
  | 'date_add'
  | 'datetime_add'
  | 'start_of_date'
  | 'start_of_datetime';

export interface ExprOpSpec {
  /** The JSON-logic operation. */
  key: string;
  result: ExprKind;
  /** The slots every use fills. */
  args: Slot[];
  /** More arguments of this slot may follow, up to `max` in all. */
  rest?: Slot;
  max?: number;
  /** The units offered when the operation ends with one (its last JSON argument). */
  units?: readonly string[];
}

const CALENDAR = ['day', 'week', 'month', 'quarter', 'year'] as const;
const CLOCK = [...CALENDAR, 'hour', 'minute', 'second'] as const;

/** The operations the visual builder offers, in the order it lists them. */
export const EXPR_OPS: Record<ExprOpId, ExprOpSpec> = {
  add: { key: '+', result: 'number', args: ['number', 'number'], rest: 'number' },
  subtract: { key: '-', result: 'number', args: ['number', 'number'] },
  multiply: { key: '*', result: 'number', args: ['number', 'number'], rest: 'number' },
  divide: { key: '/', result: 'number', args: ['number', 'number'] },
  remainder: { key: '%', result: 'number', args: ['number', 'number'] },
  min: { key: 'min', result: 'number', args: ['number', 'number'], rest: 'number' },
  max: { key: 'max', result: 'number', args: ['number', 'number'], rest: 'number' },
  length: { key: 'length', result: 'number', args: ['text'] },
  date_diff: { key: 'date_diff', result: 'number', args: ['moment', 'moment'], units: CLOCK },
  cat: { key: 'cat', result: 'text', args: ['any', 'any'], rest: 'any' },
  upper: { key: 'upper', result: 'text', args: ['text'] },
  lower: { key: 'lower', result: 'text', args: ['text'] },
  substr: { key: 'substr', result: 'text', args: ['text', 'number'], rest: 'number', max: 3 },
  today: { key: 'today', result: 'date', args: [] },
  now: { key: 'now', result: 'datetime', args: [] },
  date_add: { key: 'date_add', result: 'date', args: ['date', 'number'], units: CALENDAR },
  datetime_add: { key: 'date_add', result: 'datetime', args: ['datetime', 'number'], units: CLOCK },
  start_of_date: { key: 'start_of', result: 'date', args: ['date'], units: CALENDAR },
  start_of_datetime: { key: 'start_of', result: 'datetime', args: ['datetime'], units: CALENDAR },
};

export type ExprNode =
  | { kind: 'empty' }
  | { kind: 'field'; path: string }
  | { kind: 'value'; value: number | string | null }
  | { kind: 'op'; op: ExprOpId; args: ExprNode[]; unit?: string }
  | { kind: 'if'; condition: GroupNode; then: ExprNode; else: ExprNode };

export const EMPTY: ExprNode = { kind: 'empty' };

/** The kinds of expression a slot takes. */
export function slotKinds(slot: Slot): ExprKind[] {
  if (slot === 'moment') return ['date', 'datetime'];
  if (slot === 'any') return ['text', 'number', 'date', 'datetime'];
  return [slot];
}

/** The field kinds (field-catalog.ts) whose values fit a slot: a picklist's value is its text. */
export function fieldFits(kind: FieldKind, slot: Slot): boolean {
  const as: ExprKind | undefined = kind === 'picklist' ? 'text' : kind === 'number' || kind === 'text' || kind === 'date' || kind === 'datetime' ? kind : undefined;
  return as !== undefined && slotKinds(slot).includes(as);
}

/** The operations that can fill a slot. */
export function opsFor(slot: Slot): ExprOpId[] {
  const kinds = slotKinds(slot);
  return (Object.keys(EXPR_OPS) as ExprOpId[]).filter((id) => kinds.includes(EXPR_OPS[id].result));
}

/** The literal a slot takes in the builder, if any: numbers, text, or a date. */
export function literalOf(slot: Slot): 'number' | 'text' | 'date' | undefined {
  if (slot === 'number') return 'number';
  if (slot === 'text' || slot === 'any') return 'text';
  if (slot === 'date' || slot === 'moment') return 'date';
  return undefined;
}

/** The slot of argument `i` of an operation. */
export function argSlot(spec: ExprOpSpec, i: number): Slot {
  return spec.args[i] ?? spec.rest ?? 'any';
}

/** The most arguments an operation takes. */
export function maxArgs(spec: ExprOpSpec): number {
  return spec.rest ? (spec.max ?? 256) : spec.args.length;
}

/** A new use of an operation: `keep` (what the slot held) becomes its first argument when it fits there. */
export function newOp(op: ExprOpId, keep: ExprNode, catalog: FieldOption[]): ExprNode {
  const spec = EXPR_OPS[op];
  const args: ExprNode[] = spec.args.map(() => EMPTY);
  if (args.length && keep.kind !== 'empty' && fits(keep, argSlot(spec, 0), catalog)) args[0] = keep;
  return { kind: 'op', op, args, ...(spec.units ? { unit: spec.units[0] } : {}) };
}

/** Whether a part can stand in a slot (an `if` fits where both its branches fit). */
export function fits(node: ExprNode, slot: Slot, catalog: FieldOption[]): boolean {
  switch (node.kind) {
    case 'empty':
      return true;
    case 'field': {
      const field = catalog.find((f) => f.path === node.path);
      return field !== undefined && fieldFits(field.kind, slot);
    }
    case 'value':
      return node.value === null || (typeof node.value === 'number' ? slot === 'number' : literalOf(slot) === 'text' || (literalOf(slot) === 'date' && DATE.test(node.value)));
    case 'op':
      return slotKinds(slot).includes(EXPR_OPS[node.op].result);
    case 'if':
      return fits(node.then, slot, catalog) && fits(node.else, slot, catalog);
  }
}

// ---------------------------------------------------------------- tree → rule

/** The JSON-logic of a part (null for a slot not filled in). */
export function exprToRule(node: ExprNode, catalog: FieldOption[]): Rule {
  switch (node.kind) {
    case 'empty':
      return null;
    case 'field':
      return { var: node.path };
    case 'value':
      return node.value;
    case 'if':
      return { if: [treeToRule(node.condition, catalog) ?? null, exprToRule(node.then, catalog), exprToRule(node.else, catalog)] };
    case 'op': {
      const spec = EXPR_OPS[node.op];
      const args = node.args.map((a) => exprToRule(a, catalog));
      return { [spec.key]: spec.units ? [...args, node.unit ?? spec.units[0]] : args };
    }
  }
}

// ---------------------------------------------------------------- rule → tree

const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function operation(x: unknown): [string, Json] | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const keys = Object.keys(x);
  return keys.length === 1 ? [keys[0] as string, (x as Record<string, Json>)[keys[0] as string] as Json] : undefined;
}

function parseOp(id: ExprOpId, arg: Json, catalog: FieldOption[]): ExprNode | undefined {
  const spec = EXPR_OPS[id];
  if (!Array.isArray(arg)) return undefined;
  let values = arg;
  let unit: string | undefined;
  if (spec.units) {
    const last = arg[arg.length - 1];
    if (typeof last !== 'string' || !spec.units.includes(last)) return undefined;
    unit = last;
    values = arg.slice(0, -1);
  }
  if (values.length < spec.args.length || values.length > maxArgs(spec)) return undefined;
  const args: ExprNode[] = [];
  for (const [i, value] of values.entries()) {
    const node = parseExpr(value, argSlot(spec, i), catalog);
    if (!node) return undefined;
    args.push(node);
  }
  return { kind: 'op', op: id, args, ...(unit !== undefined ? { unit } : {}) };
}

function parseExpr(rule: unknown, slot: Slot, catalog: FieldOption[]): ExprNode | undefined {
  if (rule === null) return EMPTY;
  if (typeof rule === 'number') return slot === 'number' && Number.isFinite(rule) ? { kind: 'value', value: rule } : undefined;
  if (typeof rule === 'string') {
    const literal = literalOf(slot);
    return literal === 'text' || (literal === 'date' && DATE.test(rule)) ? { kind: 'value', value: rule } : undefined;
  }
  const o = operation(rule);
  if (!o) return undefined;
  const [key, arg] = o;
  if (key === 'var') {
    const field = typeof arg === 'string' ? catalog.find((f) => f.path === arg) : undefined;
    return field && fieldFits(field.kind, slot) ? { kind: 'field', path: field.path } : undefined;
  }
  if (key === 'if') {
    if (!Array.isArray(arg) || arg.length !== 3) return undefined;
    const condition = arg[0] === null ? emptyRoot() : ruleToTree(arg[0], catalog);
    const then = parseExpr(arg[1], slot, catalog);
    const otherwise = parseExpr(arg[2], slot, catalog);
    return condition && then && otherwise ? { kind: 'if', condition, then, else: otherwise } : undefined;
  }
  for (const id of opsFor(slot)) {
    if (EXPR_OPS[id].key !== key) continue;
    const node = parseOp(id, arg, catalog);
    if (node) return node;
  }
  return undefined;
}

/**
 * The builder's tree for a formula giving `kind`, or undefined when the builder cannot show the rule
 * exactly (an operation it does not offer, a field of another kind, a value of the wrong type…).
 */
export function ruleToExpr(rule: Rule | undefined, kind: ExprKind, catalog: FieldOption[]): ExprNode | undefined {
  if (rule === undefined) return EMPTY;
  const node = parseExpr(rule, kind, catalog);
  // The safety net: a tree that would not give back this very rule is not shown.
  return node && sameJson(exprToRule(node, catalog), rule) ? node : undefined;
}
