import { FORBIDDEN_SEGMENTS } from './limits.ts';
import { isPlainObject } from './rule-shape.ts';

/**
 * JavaScript values as JSON-logic sees them. The coercions JSON-logic inherits from JavaScript
 * (loose ==, <, Number(), parseFloat, String()) are the specification here, so operators apply the
 * JavaScript operators themselves; these helpers cover what JSON-logic adds on top.
 */

/** JSON-logic truthiness: JavaScript's, except that an empty array is falsy. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/** One step of a path: own keys of plain objects and canonical indexes of arrays, nothing else. */
function ownValue(container: unknown, key: string): unknown {
  if (FORBIDDEN_SEGMENTS.has(key)) return undefined;
  if (Array.isArray(container)) return INDEX.test(key) ? (container as unknown[])[Number(key)] : undefined;
  if (isPlainObject(container)) return Object.hasOwn(container, key) ? container[key] : undefined;
  return undefined;
}

/** JSON-logic's `var`: a dotted path into data; `notFound` when a step is missing (not when it holds null). */
export function getPath(data: unknown, path: unknown, notFound: unknown = null): unknown {
  if (path === undefined || path === null || path === '') return data;
  let current = data;
  for (const segment of String(path).split('.')) {
    if (current === null || current === undefined) return notFound;
    current = ownValue(current, segment);
    if (current === undefined) return notFound;
  }
  return current;
}

/** Deep equality of JSON values (for `changed`). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
