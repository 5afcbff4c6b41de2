/**
 * A JSON-logic rule ⇄ the visual builder's tree. `ruleToTree` accepts only rules it can give back
 * exactly (`treeToRule(ruleToTree(r)) ≡ r`); anything else is `undefined`, and the builder shows the
 * rule as raw JSON instead — a rule is never rewritten or lost by being looked at. Pure: no React.
 *
 * Forms (var = {"var": "path"}):
 *   eq/ne/lt/le/gt/ge  {"==" | "!=" | "<" | "<=" | ">" | ">=": [var, value]}
 *   between            {"<=": [low, var, high]}
 *   contains, starts_with, ends_with  {"contains": [var, "text"]} …
 *   empty / not_empty  {"is_empty": var} / {"!": {"is_empty": var}}
 *   is_true / is_false {"==": [var, true]} / {"!": var}
 *   any_of             {"in": [var, ["a", "b"]]}
 *   has (multi-picklist contains)  {"in": ["a", var]}
 *   last_days N        {"<=": [{"date_add": [T, -N, "day"]}, var, T]}   T = {"today": []} (dates) or {"now": []}
 *   next_days N        {"<=": [T, var, {"date_add": [T, N, "day"]}]}
 *   is_me / is_not_me  {"==" | "!=": [var, {"current_user": []}]}
 *   groups             {"and" | "or": [...]}, NOT as {"!": node}
 */
import type { FieldKind, FieldOption } from './field-catalog.ts';
import { OPERATORS, type OperatorId } from './rule-operators.ts';

export interface ConditionNode {
  kind: 'condition';
  not: boolean;
  path: string;
  op: OperatorId;
  value?: unknown;
  value2?: unknown;
}

export interface GroupNode {
  kind: 'group';
  not: boolean;
  op: 'and' | 'or';
  children: RuleNode[];
}

export type RuleNode = ConditionNode | GroupNode;

/** A JSON-logic rule (docs/rule-language.md). */
export type Rule = unknown;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const COMPARE: Partial<Record<string, OperatorId>> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const COMPARE_OP: Partial<Record<OperatorId, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const TEXT_OPS = new Set(['contains', 'starts_with', 'ends_with']);

export const emptyRoot = (): GroupNode => ({ kind: 'group', not: false, op: 'and', children: [] });

// ---------------------------------------------------------------- tree → rule

const v = (path: string) => ({ var: path });
const anchor = (kind: FieldKind) => (kind === 'datetime' ? { now: [] } : { today: [] });

function conditionRule(c: ConditionNode, kind: FieldKind): Rule {
  const value = c.value === undefined ? null : c.value;
  const compare = COMPARE_OP[c.op];
  if (compare) return { [compare]: [v(c.path), value] };
  switch (c.op) {
    case 'between':
      return { '<=': [c.value ?? null, v(c.path), c.value2 ?? null] };
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { [c.op]: [v(c.path), value] };
    case 'empty':
      return { is_empty: v(c.path) };
    case 'not_empty':
      return { '!': { is_empty: v(c.path) } };
    case 'is_true':
      return { '==': [v(c.path), true] };
    case 'is_false':
      return { '!': v(c.path) };
    case 'any_of':
      return { in: [v(c.path), Array.isArray(c.value) ? c.value : []] };
    case 'has':
      return { in: [value, v(c.path)] };
    case 'last_days':
      return { '<=': [{ date_add: [anchor(kind), -Number(c.value ?? 0), 'day'] }, v(c.path), anchor(kind)] };
    case 'next_days':
      return { '<=': [anchor(kind), v(c.path), { date_add: [anchor(kind), Number(c.value ?? 0), 'day'] }] };
    case 'is_me':
      return { '==': [v(c.path), { current_user: [] }] };
    case 'is_not_me':
      return { '!=': [v(c.path), { current_user: [] }] };
  }
  return null;
}

function nodeRule(node: RuleNode, kindOfPath: (path: string) => FieldKind): Rule {
  const inner = node.kind === 'group' ? { [node.op]: node.children.map((c) => nodeRule(c, kindOfPath)) } : conditionRule(node, kindOfPath(node.path));
  return node.not ? { '!': inner } : inner;
}

/** The rule of a root group: none for an empty root, the single child alone, else the group. */
export function treeToRule(root: GroupNode, catalog: FieldOption[]): Rule | undefined {
  const kinds = new Map(catalog.map((f) => [f.path, f.kind]));
  const kindOfPath = (path: string): FieldKind => kinds.get(path) ?? 'text';
  if (!root.not && root.children.length === 0) return undefined;
  if (!root.not && root.children.length === 1) return nodeRule(root.children[0] as RuleNode, kindOfPath);
  return nodeRule(root, kindOfPath);
}

// ---------------------------------------------------------------- rule → tree

const isObj = (x: unknown): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The one key of an operation, with its argument; undefined when `x` is not an operation. */
function operation(x: unknown): [string, Json] | undefined {
  if (!isObj(x)) return undefined;
  const keys = Object.keys(x);
  return keys.length === 1 ? [keys[0] as string, x[keys[0] as string] as Json] : undefined;
}

/** The path of `{"var": "path"}` (a plain string path, no default), else undefined. */
function varPath(x: unknown): string | undefined {
  const o = operation(x);
  return o && o[0] === 'var' && typeof o[1] === 'string' && o[1] !== '' ? o[1] : undefined;
}

const isNoArgs = (x: unknown, key: string) => {
  const o = operation(x);
  return !!o && o[0] === key && Array.isArray(o[1]) && o[1].length === 0;
};

/** `{"date_add": [T, n, "day"]}` → n, where T is the anchor; undefined otherwise. */
function dateAddDays(x: unknown, anchorKey: string): number | undefined {
  const o = operation(x);
  if (!o || o[0] !== 'date_add' || !Array.isArray(o[1]) || o[1].length !== 3) return undefined;
  const [base, n, unit] = o[1];
  return isNoArgs(base, anchorKey) && typeof n === 'number' && unit === 'day' ? n : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a written value fits a kind (null always fits: a condition still being filled in). */
function fits(value: unknown, kind: FieldKind): boolean {
  if (value === null) return true;
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'date') return typeof value === 'string' && DATE.test(value);
  if (kind === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

type Lookup = (path: string) => FieldOption | undefined;

function condition(path: string | undefined, op: OperatorId, find: Lookup, value?: unknown, value2?: unknown): ConditionNode | undefined {
  if (path === undefined) return undefined;
  const field = find(path);
  if (!field || !OPERATORS[field.kind].includes(op)) return undefined;
  const node: ConditionNode = { kind: 'condition', not: false, path, op };
  if (value !== undefined) node.value = value;
  if (value2 !== undefined) node.value2 = value2;
  return node;
}

function parseBetween(args: Json[], find: Lookup): ConditionNode | undefined {
  const [low, middle, high] = args;
  const path = varPath(middle);
  const kind = path === undefined ? undefined : find(path)?.kind;
  if (!kind) return undefined;
  const key = kind === 'datetime' ? 'now' : 'today';
  if (isNoArgs(high, key)) {
    const n = dateAddDays(low, key);
    if (n !== undefined && n <= 0 && Number.isInteger(n)) return condition(path, 'last_days', find, -n);
  }
  if (isNoArgs(low, key)) {
    const n = dateAddDays(high, key);
    if (n !== undefined && n >= 0 && Number.isInteger(n)) return condition(path, 'next_days', find, n);
  }
  const literal = kind === 'datetime' ? 'text' : kind;
  if (fits(low, literal) && fits(high, literal)) return condition(path, 'between', find, low, high);
  return undefined;
}

function parseCondition(key: string, arg: Json, find: Lookup): RuleNode | undefined {
  const compare = COMPARE[key];
  if (compare && Array.isArray(arg) && arg.length === 2) {
    const [left, right] = arg;
    const path = varPath(left);
    const field = path === undefined ? undefined : find(path);
    if (!field) return undefined;
    if (isNoArgs(right, 'current_user') && (key === '==' || key === '!=')) return condition(path, key === '==' ? 'is_me' : 'is_not_me', find);
    if (field.kind === 'boolean') return key === '==' && right === true ? condition(path, 'is_true', find) : undefined;
    const literal = field.kind === 'number' || field.kind === 'date' ? field.kind : 'text';
    return fits(right, literal) ? condition(path, compare, find, right) : undefined;
  }
  if (key === '<=' && Array.isArray(arg) && arg.length === 3) return parseBetween(arg, find);
  if (TEXT_OPS.has(key) && Array.isArray(arg) && arg.length === 2 && fits(arg[1], 'text')) return condition(varPath(arg[0]), key as OperatorId, find, arg[1]);
  if (key === 'is_empty') return condition(varPath(arg), 'empty', find);
  if (key === 'in' && Array.isArray(arg) && arg.length === 2) {
    const [left, right] = arg;
    if (Array.isArray(right) && right.every((x) => typeof x === 'string')) return condition(varPath(left), 'any_of', find, right);
    if (fits(left, 'text')) return condition(varPath(right), 'has', find, left);
  }
  return undefined;
}

function parseNode(rule: unknown, find: Lookup): RuleNode | undefined {
  const o = operation(rule);
  if (!o) return undefined;
  const [key, arg] = o;
  if ((key === 'and' || key === 'or') && Array.isArray(arg)) {
    const children: RuleNode[] = [];
    for (const child of arg) {
      const node = parseNode(child, find);
      if (!node) return undefined;
      children.push(node);
    }
    return { kind: 'group', not: false, op: key, children };
  }
  if (key === '!') {
    const inner = operation(arg);
    if (inner?.[0] === 'is_empty') return condition(varPath(inner[1]), 'not_empty', find);
    const path = varPath(arg);
    if (path !== undefined) return find(path)?.kind === 'boolean' ? condition(path, 'is_false', find) : undefined;
    const node = parseNode(arg, find);
    if (!node || node.not) return undefined;
    // {"!": {"!": {"is_empty": …}}} and {"!": {"!": {"var": flag}}} read back as another form: raw.
    if (node.kind === 'condition' && (node.op === 'not_empty' || node.op === 'is_false')) return undefined;
    return { ...node, not: true };
  }
  return parseCondition(key, arg, find);
}

/**
 * The builder's root group for a rule, or undefined when the builder cannot show it exactly
 * (an unknown field, an operation it does not offer, a value of the wrong type…).
 */
export function ruleToTree(rule: Rule | undefined, catalog: FieldOption[]): GroupNode | undefined {
  if (rule === undefined || rule === null) return emptyRoot();
  const byPath = new Map(catalog.map((f) => [f.path, f]));
  const node = parseNode(rule, (path) => byPath.get(path));
  if (!node) return undefined;
  const root: GroupNode = node.kind === 'group' && node.children.length >= 2 ? node : { kind: 'group', not: false, op: 'and', children: [node] };
  // The safety net: a tree that would not give back this very rule is not shown.
  return sameJson(treeToRule(root, catalog), rule) ? root : undefined;
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}
