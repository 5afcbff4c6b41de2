/**
 * The paths a rule can read, with the kind of value each holds (docs/rule-language.md#values): the
 * object's fields and system fields, currency parts, and — with lookups — the looked-up records' fields
 * up to two lookups deep (`customer.industry`, `customer.parent.industry`). Pure: no React, no fetch.
 */
import type { LocalizedText } from '../../../runtime-ui/src/api/types.ts';

/** The parts of a field and an object definition the catalog reads (api.ts's FieldDef and ObjectDef fit). */
export type FieldDef = { api_name: string; type: string; label?: LocalizedText; archived?: boolean } & Record<string, unknown>;
export interface ObjectDef {
  api_name: string;
  fields: FieldDef[];
}

export type FieldKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'picklist' | 'multi_picklist' | 'user' | 'lookup';

export interface FieldOption {
  path: string;
  kind: FieldKind;
  /** The label of each step of the path: ['Customer', 'Industry']. */
  labels: LocalizedText[];
  /** Picklist values. */
  values?: { value: string; label?: LocalizedText }[];
}

const TEXT_TYPES = new Set(['text', 'long_text', 'rich_text', 'email', 'phone', 'url', 'autonumber']);
const NUMBER_TYPES = new Set(['integer', 'decimal', 'percent']);

/** The kind of value a field holds, or undefined when the builder offers no conditions on it (json). */
export function kindOf(field: FieldDef): FieldKind | undefined {
  const t = field.type;
  if (TEXT_TYPES.has(t)) return 'text';
  if (NUMBER_TYPES.has(t)) return 'number';
  if (t === 'date' || t === 'datetime' || t === 'boolean' || t === 'picklist' || t === 'multi_picklist' || t === 'user' || t === 'lookup') return t;
  if (t === 'formula' || t === 'rollup') {
    const r = (field.return_type as string | undefined) ?? 'number';
    if (r === 'number' || r === 'text' || r === 'boolean' || r === 'date' || r === 'datetime') return r;
    if (r === 'date-time') return 'datetime';
  }
  return undefined;
}

const SYSTEM: { path: string; kind: FieldKind; en: string; zh: string }[] = [
  { path: 'owner_id', kind: 'user', en: 'Owner', zh: '所有人' },
  { path: 'created_by', kind: 'user', en: 'Created by', zh: '创建人' },
  { path: 'updated_by', kind: 'user', en: 'Updated by', zh: '修改人' },
  { path: 'created_at', kind: 'datetime', en: 'Created at', zh: '创建时间' },
  { path: 'updated_at', kind: 'datetime', en: 'Updated at', zh: '修改时间' },
];

function label(field: FieldDef): LocalizedText {
  return field.label ?? { en: field.api_name };
}

/** Every path of `object` the builder can put in a condition, in a stable order. */
export function fieldCatalog(object: ObjectDef, objects: ObjectDef[], allowLookups = false): FieldOption[] {
  const out: FieldOption[] = [];
  const byName = new Map(objects.map((o) => [o.api_name, o]));
  const walk = (obj: ObjectDef, prefix: string, labels: LocalizedText[], depth: number) => {
    for (const field of obj.fields) {
      if (field.archived) continue;
      const path = prefix + field.api_name;
      const chain = [...labels, label(field)];
      if (field.type === 'currency') {
        out.push({ path: `${path}.amount`, kind: 'number', labels: [...chain, { en: 'amount', 'zh-CN': '金额' }] });
        out.push({ path: `${path}.currency`, kind: 'text', labels: [...chain, { en: 'currency', 'zh-CN': '币种' }] });
        continue;
      }
      const kind = kindOf(field);
      if (!kind) continue;
      const values = field.type === 'picklist' || field.type === 'multi_picklist' ? ((field.values as FieldOption['values']) ?? []) : undefined;
      out.push({ path, kind, labels: chain, ...(values ? { values } : {}) });
      const target = field.type === 'lookup' ? byName.get(String(field.target)) : undefined;
      if (allowLookups && target && depth < 2) walk(target, `${path}.`, chain, depth + 1);
    }
    if (depth === 0) for (const s of SYSTEM) out.push({ path: prefix + s.path, kind: s.kind, labels: [...labels, { en: s.en, 'zh-CN': s.zh }] });
  };
  walk(object, '', [], 0);
  return out;
}
