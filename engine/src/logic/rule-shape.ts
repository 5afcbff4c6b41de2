import type { Rule } from './types.ts';

/** An operation node: `{"op": args}` with its arguments as a list (a single argument is wrapped). */
export interface Operation {
  op: string;
  args: Rule[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** JSON-logic's rule: an object with exactly one key is an operation; anything else is data. */
export function operationOf(rule: unknown): Operation | undefined {
  if (!isPlainObject(rule)) return undefined;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return undefined;
  const op = keys[0] as string;
  const value = rule[op] as Rule;
  return { op, args: Array.isArray(value) ? value : [value] };
}

/** The path of an argument inside a rule, as errors name it: `and.1.==.0`. */
export function argPath(nodePath: string, op: string, index: number): string {
  return `${nodePath === '' ? '' : `${nodePath}.`}${op}.${index}`;
}

/** The path of an operation's key: `and.1.==.0.var`. */
export function opPath(nodePath: string, op: string): string {
  return nodePath === '' ? op : `${nodePath}.${op}`;
}

/** Literal data: no operation anywhere inside. */
export function isLiteral(rule: Rule): boolean {
  if (Array.isArray(rule)) return rule.every(isLiteral);
  if (rule !== null && typeof rule === 'object') return operationOf(rule) === undefined && Object.keys(rule).length !== 1;
  return true;
}
