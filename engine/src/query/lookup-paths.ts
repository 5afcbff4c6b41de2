import { AppError } from '../kernel/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';

/** The actor's access to each object a request reaches through lookups, by API name (records/ loads it). */
export type LookupAccess = ReadonlyMap<string, RecordAccess>;

/** How many lookups a path may follow: customer.owner.name follows two. */
export const MAX_LOOKUP_DEPTH = 2;

/** One field read along a path: `field` of records of `object`. */
export interface PathStep {
  object: string;
  field: string;
}

/** The object a field points at when it is a lookup to another object (not to users, not archived). */
export function lookupTarget(model: CompiledModel, object: CompiledObject, field: string): CompiledObject | undefined {
  const compiled = object.byName.get(field);
  if (!compiled) return undefined;
  const columns = compiled.type.columns(compiled.def);
  const table = columns.length === 1 ? columns[0]?.references?.table : undefined;
  return table && !table.startsWith('_') ? model.objects.get(table) : undefined;
}

/**
 * The fields a `var` path reads, object by object: `customer.industry` reads `customer` here and
 * `industry` on the customer's object. `customer.id` is the lookup's own value, and a path into a
 * composite or JSON value reads only its field; neither reaches another object.
 */
export function pathSteps(model: CompiledModel, object: CompiledObject, path: string): PathStep[] {
  const segments = path.split('.');
  const steps: PathStep[] = [];
  let current: CompiledObject | undefined = object;
  for (let i = 0; current && i < segments.length; i++) {
    const field = segments[i] as string;
    steps.push({ object: current.def.api_name, field });
    const rest = segments.length - i - 1;
    if (rest === 0 || steps.length > MAX_LOOKUP_DEPTH || (rest === 1 && segments[i + 1] === 'id')) break;
    current = lookupTarget(model, current, field);
  }
  return steps;
}

/** The objects these paths reach through lookups: the actor's access to each is needed to read them. */
export function lookupObjects(model: CompiledModel, object: CompiledObject, paths: Iterable<string>): Set<string> {
  const reached = new Set<string>();
  for (const path of paths) for (const step of pathSteps(model, object, path).slice(1)) reached.add(step.object);
  return reached;
}

/**
 * A path through lookups reads other objects' records: the actor must read each object it reaches and
 * each field it reads there, or the answer would tell what they may not see (403 naming the path).
 * The first step (a field of this object) is checked with the object's own mask by the caller.
 */
export function assertPathsReadable(model: CompiledModel, object: CompiledObject, paths: Iterable<string>, lookups: LookupAccess, doing: string): void {
  for (const path of paths) {
    for (const step of pathSteps(model, object, path).slice(1)) {
      const access = lookups.get(step.object);
      const message = !access?.permissions.canRead
        ? `you may not read records of "${step.object}"`
        : access.fields.all.has(step.field) && !access.fields.readable.has(step.field)
          ? `you may not read "${step.field}" of "${step.object}"`
          : undefined;
      if (message) throw new AppError('forbidden', `You may not ${doing} "${path}": ${message}`, { errors: [{ field: path, message }] });
    }
  }
}
