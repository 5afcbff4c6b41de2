import { AppError } from '../kernel/index.ts';
import type { RecordAccess } from '../access/index.ts';

/** Operations whose arguments after the first are read against an array element, not the record. */
const ELEMENT_SCOPED = new Set(['some', 'all', 'none', 'map', 'filter', 'reduce']);
const MAX_DEPTH = 64;

interface FieldRefs {
  names: Set<string>;
  /** The whole paths written out (customer.industry), for access along lookups. */
  paths: Set<string>;
  /** A field named by a computed value ({"var": {"cat": …}}, {"var": ""}): which one is unknown until run. */
  dynamic: boolean;
}

const head = (path: string) => path.split('.')[0] as string;

function walk(rule: unknown, refs: FieldRefs, depth: number): void {
  if (depth > MAX_DEPTH || rule === null || typeof rule !== 'object') return;
  if (Array.isArray(rule)) {
    for (const item of rule) walk(item, refs, depth + 1);
    return;
  }
  const entries = Object.entries(rule);
  if (entries.length !== 1) {
    for (const [, value] of entries) walk(value, refs, depth + 1);
    return;
  }
  const [operator, raw] = entries[0] as [string, unknown];
  const args = Array.isArray(raw) ? raw : [raw];
  const literal = (value: unknown) => {
    if (typeof value === 'string' && value !== '') {
      refs.names.add(head(value));
      refs.paths.add(value);
    }
    else if (typeof value === 'number') refs.names.add(String(value));
    else if (Array.isArray(value)) value.forEach(literal);
    else {
      refs.dynamic = true;
      walk(value, refs, depth + 1);
    }
  };
  switch (operator) {
    case 'var':
      if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) refs.dynamic = true;
      else literal(args[0]);
      walk(args.slice(1), refs, depth + 1);
      return;
    case 'missing':
    case 'prior':
    case 'changed':
      args.forEach(literal);
      return;
    case 'missing_some':
      walk(args[0], refs, depth + 1);
      literal(args[1]);
      return;
    default:
      // reduce's third argument (the initial value) is read against the record, like the array itself.
      if (ELEMENT_SCOPED.has(operator)) walk(operator === 'reduce' ? [args[0], args[2]] : args[0], refs, depth + 1);
      else walk(args, refs, depth + 1);
  }
}

/** The fields of the record a JSON-logic filter reads: `var` paths (their first segment) and the keys of missing, missing_some, prior and changed. */
export function filterFieldRefs(filter: unknown): FieldRefs {
  const refs: FieldRefs = { names: new Set(), paths: new Set(), dynamic: false };
  walk(filter, refs, 0);
  return refs;
}

function forbidden(fields: string[], object: string, doing: string): never {
  throw new AppError('forbidden', `You may not ${doing} ${fields.map((f) => `"${f}"`).join(', ')} of "${object}"`, {
    errors: fields.map((field) => ({ field, message: `is not a field you may read, so you may not ${doing} it` })),
  });
}

/** Refuses (403) a request to read the object at all without the read right. */
export function assertCanRead(access: RecordAccess): void {
  if (!access.permissions.canRead) throw new AppError('forbidden', `You may not read records of "${access.object}"`);
}

/** Refuses (403, naming them) fields of the object the actor may not read, for `doing` (filter on, sort by, ask for). */
export function assertReadable(access: RecordAccess, names: Iterable<string>, doing: string): void {
  const hidden = [...names].filter((name) => access.fields.readable.has(name) === false && isFieldOf(access, name));
  if (hidden.length) forbidden(hidden, access.object, doing);
}

/** Names the object has, readable or not (the mask knows every field of the object the actor could see). */
function isFieldOf(access: RecordAccess, name: string): boolean {
  return access.fields.all.has(name);
}

/**
 * A filter may not look at a field the actor cannot read, or its answer would tell the value (403 naming
 * the field); nor compute field names at run time while some field is hidden.
 */
export function assertFilterReadable(access: RecordAccess, filter: unknown): void {
  const refs = filterFieldRefs(filter);
  assertReadable(access, refs.names, 'filter on');
  if (refs.dynamic && access.fields.readable.size < access.fields.all.size) {
    throw new AppError('forbidden', `Some fields of "${access.object}" are hidden from you: a filter must name the fields it reads`, {
      errors: [{ field: 'filter', message: 'names a field through a computed value; write field names out' }],
    });
  }
}
