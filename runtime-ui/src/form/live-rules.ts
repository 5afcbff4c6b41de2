/**
 * Evaluates a layout's visible_if / required_if on the form's data as the user types. The engine checks
 * these rules when the layout is saved (only allowlisted operators, only this object's fields); this
 * covers the comparisons and logic layouts use, with JsonLogic's meaning. An operation it does not know
 * counts as "unknown", and the caller keeps the field visible and optional.
 */
type Rule = unknown;
type Value = unknown;

/** Thrown by an operation this evaluator does not know: the whole rule is then "unknown". */
class Unknown extends Error {}

function truthy(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function read(data: Record<string, unknown>, path: unknown, fallback: Value): Value {
  if (typeof path !== 'string' && typeof path !== 'number') return fallback;
  if (path === '') return data;
  let current: unknown = data;
  for (const segment of String(path).split('.')) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) return fallback;
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined ? fallback : current;
}

function evaluate(rule: Rule, data: Record<string, unknown>): Value {
  if (Array.isArray(rule)) return rule.map((r) => evaluate(r, data));
  if (rule === null || typeof rule !== 'object') return rule;
  const entries = Object.entries(rule);
  if (entries.length !== 1) throw new Unknown();
  const [op, raw] = entries[0] as [string, unknown];
  const args = Array.isArray(raw) ? raw : [raw];
  const value = (i: number) => evaluate(args[i], data);
  switch (op) {
    case 'var': {
      const v = read(data, value(0), args.length > 1 ? value(1) : null);
      return v === undefined ? null : v;
    }
    case '==':
      // eslint-disable-next-line eqeqeq
      return value(0) == value(1);
    case '!=':
      // eslint-disable-next-line eqeqeq
      return value(0) != value(1);
    case '===':
      return value(0) === value(1);
    case '!==':
      return value(0) !== value(1);
    case '<':
    case '<=': {
      // Three arguments: between (exclusive for <, inclusive for <=).
      const [a, b] = [value(0), value(1)] as [number, number];
      const first = op === '<' ? a < b : a <= b;
      if (args.length < 3) return first;
      const c = value(2) as number;
      return first && (op === '<' ? b < c : b <= c);
    }
    case '>':
    case '>=': {
      const [a, b] = [value(0), value(1)] as [number, number];
      return op === '>' ? a > b : a >= b;
    }
    case '!':
      return !truthy(value(0));
    case '!!':
      return truthy(value(0));
    case 'and': {
      let last: Value = true;
      for (let i = 0; i < args.length; i++) {
        last = value(i);
        if (!truthy(last)) return last;
      }
      return last;
    }
    case 'or': {
      let last: Value = false;
      for (let i = 0; i < args.length; i++) {
        last = value(i);
        if (truthy(last)) return last;
      }
      return last;
    }
    case 'in': {
      const [needle, haystack] = [value(0), value(1)];
      if (Array.isArray(haystack)) return haystack.includes(needle);
      return typeof haystack === 'string' ? haystack.includes(String(needle)) : false;
    }
    case 'if':
    case '?:':
      for (let i = 0; i + 1 < args.length; i += 2) if (truthy(value(i))) return value(i + 1);
      return args.length % 2 === 1 ? value(args.length - 1) : null;
    default:
      throw new Unknown();
  }
}

/** true / false, or undefined when the rule uses an operation this evaluator does not know. */
export function ruleHolds(rule: Rule, data: Record<string, unknown>): boolean | undefined {
  try {
    return truthy(evaluate(rule, data));
  } catch (err) {
    if (err instanceof Unknown) return undefined;
    throw err;
  }
}
