import type { ObjectDef } from '../metadata/index.ts';
import type { ResolvedVar } from '../logic/index.ts';

/**
 * Does `path` read a field of another record — through a lookup or user field of `object`
 * (`customer.industry`)? With `idIsOwn`, `customer.id` is the lookup's own value (as in SQL, where it is
 * the column itself), not a read of the other record.
 */
export function readsOtherRecord(object: ObjectDef, path: string, idIsOwn = false): boolean {
  const [first = '', ...rest] = path.split('.');
  if (rest.length === 0 || (idIsOwn && rest.join('.') === 'id')) return false;
  const field = object.fields.find((f) => f.api_name === first);
  return field !== undefined && (field.type === 'lookup' || field.type === 'user');
}

/** A `resolveVar` that knows the object's own fields only: a path into another record resolves to nothing. */
export function ownFieldsOnly(object: ObjectDef, resolve: (path: string) => ResolvedVar | undefined, idIsOwn = false) {
  return (path: string): ResolvedVar | undefined => (readsOtherRecord(object, path, idIsOwn) ? undefined : resolve(path));
}
