import type { FieldDef, ObjectDef } from '../metadata/index.ts';
import type { FieldTypeRegistry } from './registry.ts';

/**
 * Whether one field of `object` takes part in full-text search: an active field of a type that allows
 * it, with `searchable: true` — or the name field unless it says `searchable: false`. Opt-in, like
 * `indexed`: making a field searchable rebuilds the object's search index, which reads every row, so a
 * field added to a large object stays instant unless the admin asks for search on it.
 */
export function isSearchable(field: FieldDef, object: ObjectDef, registry: FieldTypeRegistry): boolean {
  if (field.archived || registry.get(field.type)?.searchable !== true) return false;
  return field.searchable ?? field.api_name === object.name_field;
}

/**
 * The fields an object's search index covers, name field first, then in field order. The order is part
 * of the index expression: the query stage rebuilds the same list to use the index.
 */
export function searchableFields(object: ObjectDef, registry: FieldTypeRegistry): FieldDef[] {
  const fields = object.fields.filter((f) => isSearchable(f, object, registry));
  const name = fields.find((f) => f.api_name === object.name_field);
  return name ? [name, ...fields.filter((f) => f !== name)] : fields;
}

/** The text column of a searchable field (its sort column, text by the FieldType contract). */
export function searchColumn(field: FieldDef, registry: FieldTypeRegistry): string {
  return registry.require(field.type).sortColumn(field) ?? field.api_name;
}
