import { sameDefinition } from '../metadata/index.ts';

/** A property both the package and the tenant changed differently: the tenant's value was kept. */
export interface KeptCustomisation {
  /** Dotted path, lists entered by their key: `objects.customer.fields.industry.label.en`. */
  path: string;
  tenant: unknown;
  package: unknown;
}

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lists whose items are merged one by one, by this key (fields by api_name, picklist values by value). */
const ITEM_KEYS = ['api_name', 'value'] as const;

function itemKey(lists: unknown[][]): (typeof ITEM_KEYS)[number] | undefined {
  const items = lists.flat();
  if (items.length === 0) return undefined;
  return ITEM_KEYS.find((key) => items.every((item) => isPlain(item) && typeof item[key] === 'string'));
}

function mergeObjects(base: Plain | undefined, theirs: Plain | undefined, current: Plain | undefined, path: string, kept: KeptCustomisation[]): Plain {
  const keys = [...new Set([...Object.keys(current ?? {}), ...Object.keys(theirs ?? {}), ...Object.keys(base ?? {})])];
  const out: Plain = {};
  for (const key of keys) {
    const value = mergeValue(base?.[key], theirs?.[key], current?.[key], path ? `${path}.${key}` : key, kept);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Keyed lists: the tenant's items in the tenant's order, then items the package adds, in its order. An
 * item the package dropped goes only if the tenant left it as the package had it.
 */
function mergeList(key: string, base: Plain[], theirs: Plain[], current: Plain[], path: string, kept: KeptCustomisation[]): Plain[] {
  const index = (list: Plain[]) => new Map(list.map((item) => [item[key] as string, item]));
  const b = index(base);
  const t = index(theirs);
  const c = index(current);
  const order = [...c.keys(), ...[...t.keys()].filter((k) => !c.has(k))];
  const out: Plain[] = [];
  for (const k of order) {
    const value = mergeValue(b.get(k), t.get(k), c.get(k), `${path}.${k}`, kept);
    if (value !== undefined) out.push(value as Plain);
  }
  return out;
}

/**
 * Three-way merge of JSON values: `base` is what the package installed before, `theirs` what it holds
 * now, `current` what the tenant has. The package's own change (base → theirs) is applied wherever the
 * tenant left the value as the package had installed it; where both changed it differently the tenant's
 * value stays and is reported in `kept`. Objects merge property by property, keyed lists item by item,
 * other values as a whole. `undefined` means absent.
 */
export function mergeValue(base: unknown, theirs: unknown, current: unknown, path: string, kept: KeptCustomisation[]): unknown {
  if (sameDefinition(base, theirs)) return current;
  if (sameDefinition(current, base)) return theirs;
  if (sameDefinition(current, theirs)) return current;
  if (isPlain(current) && isPlain(theirs) && (base === undefined || isPlain(base))) return mergeObjects(base, theirs, current, path, kept);
  if (Array.isArray(current) && Array.isArray(theirs) && (base === undefined || Array.isArray(base))) {
    const lists = [current, theirs, (base ?? []) as unknown[]];
    const key = itemKey(lists);
    if (key) return mergeList(key, (base ?? []) as Plain[], theirs as Plain[], current as Plain[], path, kept);
  }
  kept.push({ path, tenant: current, package: theirs });
  return current;
}
