import { AppError } from '../kernel/index.ts';
import type { Locale, LocalizedText, ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { lookupTarget } from './lookup-paths.ts';

/** A related list of an object: the records of `object` whose lookup `field` points at one of its records. */
export interface RelatedList {
  object: string;
  field: string;
  /** The child object's plural label, with the lookup's label when the child has several lookups here. */
  label: LocalizedText;
}

/** Every related list of an object, from the metadata: one per active lookup (of an active object) pointing at it. */
export function relatedLists(metadata: TenantMetadata, registry: FieldTypeRegistry, object: string): RelatedList[] {
  const lists: Array<RelatedList & { fieldLabel: LocalizedText; child: ObjectDef }> = [];
  for (const child of metadata.objects) {
    if (child.archived) continue;
    for (const field of child.fields) {
      if (field.archived) continue;
      const columns = registry.get(field.type)?.columns(field) ?? [];
      if (columns.length !== 1 || columns[0]?.references?.table !== object) continue;
      lists.push({ object: child.api_name, field: field.api_name, label: child.plural_label ?? child.label, fieldLabel: field.label, child });
    }
  }
  return lists.map(({ object: name, field, label, fieldLabel }) => {
    const several = lists.filter((l) => l.object === name).length > 1;
    if (!several) return { object: name, field, label };
    const both: LocalizedText = { ...label };
    for (const [lang, text] of Object.entries(label) as Array<[Locale, string]>) both[lang] = `${text} (${fieldLabel[lang] ?? fieldLabel.en ?? field})`;
    return { object: name, field, label: both };
  });
}

function viaError(message: string): AppError {
  return new AppError('invalid_parameter', message, { errors: [{ field: 'via', message }] });
}

/**
 * The lookup of `child` a related list follows to `parent`: `via` when given (it must be such a lookup),
 * else the only one there is (400 when there is none, or several to choose from).
 */
export function relatedVia(model: CompiledModel, parent: CompiledObject, child: CompiledObject, via: string | undefined): string {
  const candidates = child.fields.filter((f) => lookupTarget(model, child, f.def.api_name) === parent).map((f) => f.def.api_name);
  if (via !== undefined) {
    if (!candidates.includes(via)) throw viaError(`"${via}" is not a lookup of "${child.def.api_name}" to "${parent.def.api_name}"${candidates.length ? `; use one of ${candidates.join(', ')}` : ''}`);
    return via;
  }
  if (candidates.length === 0) throw viaError(`"${child.def.api_name}" has no lookup to "${parent.def.api_name}"`);
  if (candidates.length > 1) throw viaError(`"${child.def.api_name}" has several lookups to "${parent.def.api_name}" (${candidates.join(', ')}): name one with via`);
  return candidates[0] as string;
}
