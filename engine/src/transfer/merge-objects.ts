import { sameDefinition, type FieldDef, type ObjectDef } from '../metadata/index.ts';
import { mergeValue, type KeptCustomisation } from './three-way-merge.ts';
import type { Provenance } from './package-store.ts';

/**
 * What the package now says about what it installed before: objects and fields it no longer lists are
 * archived (never dropped), so dropping them from a package archives them in the tenant.
 */
function withDropsArchived(base: ObjectDef[], theirs: ObjectDef[]): ObjectDef[] {
  const next = theirs.map((object) => {
    const old = base.find((o) => o.api_name === object.api_name);
    const dropped: FieldDef[] = (old?.fields ?? []).filter((f) => !object.fields.some((g) => g.api_name === f.api_name)).map((f) => ({ ...f, archived: true }));
    return dropped.length ? { ...object, fields: [...object.fields, ...dropped] } : object;
  });
  const droppedObjects = base.filter((o) => !theirs.some((t) => t.api_name === o.api_name)).map((o) => ({ ...o, archived: true }));
  return [...next, ...droppedObjects];
}

/**
 * The tenant's next objects: the package's own change since it was last installed (base → theirs)
 * applied to the tenant's current objects, property by property, keeping every customisation (a
 * relabelled field, an added picklist value, a field or object of the tenant's own). A first install
 * has no base: objects the tenant lacks are created, ones it has gain what they lack.
 */
export function mergeObjects(base: ObjectDef[], theirs: ObjectDef[], current: ObjectDef[], kept: KeptCustomisation[]): ObjectDef[] {
  const merged = mergeValue(base, withDropsArchived(base, theirs), current, 'objects', kept);
  return merged as ObjectDef[];
}

/** Provenance after installing `version`: new objects and fields are recorded as installed by it, changed ones as updated. */
export function nextProvenance(previous: Provenance | undefined, base: ObjectDef[], theirs: ObjectDef[], roles: { base: string[]; changed: string[]; all: string[] }, version: string): Provenance {
  const out: Provenance = { objects: {}, roles: {} };
  for (const object of theirs) {
    const before = base.find((o) => o.api_name === object.api_name);
    const old = previous?.objects[object.api_name];
    const { fields: _f, ...props } = object;
    const { fields: _g, ...oldProps } = before ?? { fields: [] };
    const entry: Provenance['objects'][string] = { installed: old?.installed ?? version, fields: {} };
    const updated = before && !sameDefinition(props, oldProps) ? version : old?.updated;
    if (updated) entry.updated = updated;
    for (const field of object.fields) {
      const oldField = old?.fields[field.api_name];
      const beforeField = before?.fields.find((f) => f.api_name === field.api_name);
      const fieldEntry: { installed: string; updated?: string } = { installed: oldField?.installed ?? version };
      const fieldUpdated = beforeField && !sameDefinition(beforeField, field) ? version : oldField?.updated;
      if (fieldUpdated) fieldEntry.updated = fieldUpdated;
      entry.fields[field.api_name] = fieldEntry;
    }
    out.objects[object.api_name] = entry;
  }
  for (const name of roles.all) {
    const old = previous?.roles[name];
    const entry: { installed: string; updated?: string } = { installed: old?.installed ?? version };
    const updated = roles.base.includes(name) && roles.changed.includes(name) ? version : old?.updated;
    if (updated) entry.updated = updated;
    out.roles[name] = entry;
  }
  return out;
}
