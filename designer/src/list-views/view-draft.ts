/**
 * A list view as the editor holds it, and back: the sort as rows (field, descending), the kanban as a
 * switch and its settings. Pure: no React.
 */
import type { FieldDef, ListViewDef, ObjectDef, Rule } from '../api.ts';
import { deriveApiName } from '../api-name.ts';

export interface SortKey {
  field: string;
  desc: boolean;
}

export interface ViewDraft {
  api_name: string;
  /** The admin typed the API name: it no longer follows the label. Always true for a saved view (names never change meaning). */
  nameEdited: boolean;
  en: string;
  zh: string;
  columns: string[];
  sort: SortKey[];
  filter: Rule | undefined;
  kanban: boolean;
  group_by?: string;
  card_fields: string[];
  sum_field?: string;
}

export const MAX_SORT_KEYS = 5;
export const MAX_COLUMNS = 50;
export const MAX_CARD_FIELDS = 10;

/** System fields a view may show or sort by (as the engine allows, docs/http-api.md#list). */
export const SYSTEM_COLUMNS: ReadonlyArray<{ api_name: string; en: string; zh: string }> = [
  { api_name: 'created_at', en: 'Created at', zh: '创建时间' },
  { api_name: 'updated_at', en: 'Updated at', zh: '修改时间' },
  { api_name: 'owner_id', en: 'Owner', zh: '所有人' },
  { api_name: 'created_by', en: 'Created by', zh: '创建人' },
  { api_name: 'updated_by', en: 'Updated by', zh: '修改人' },
];

const UNSORTABLE = new Set(['json', 'multi_picklist', 'rich_text']);
const SUMMABLE = new Set(['integer', 'decimal', 'currency', 'percent', 'rollup']);

export const activeFields = (object: ObjectDef): FieldDef[] => object.fields.filter((f) => !f.archived);
export const isSortable = (field: FieldDef): boolean => !UNSORTABLE.has(field.type);
export const isSummable = (field: FieldDef): boolean => SUMMABLE.has(field.type) || (field.type === 'formula' && (field.return_type ?? 'number') === 'number');

export function parseSort(sort: string | undefined): SortKey[] {
  return (sort ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => ({ field: k.replace(/^[-+]/, ''), desc: k.startsWith('-') }));
}

export const formatSort = (keys: SortKey[]): string => keys.map((k) => `${k.desc ? '-' : ''}${k.field}`).join(',');

export function draftOf(object: ObjectDef, view?: ListViewDef): ViewDraft {
  if (!view) return { api_name: '', nameEdited: false, en: '', zh: '', columns: [object.name_field], sort: [], filter: undefined, kanban: false, card_fields: [] };
  return {
    api_name: view.api_name,
    nameEdited: true,
    en: view.label?.en ?? '',
    zh: view.label?.['zh-CN'] ?? '',
    columns: [...view.columns],
    sort: parseSort(view.sort),
    filter: view.filter,
    kanban: view.kanban !== undefined,
    group_by: view.kanban?.group_by,
    card_fields: [...(view.kanban?.card_fields ?? [])],
    sum_field: view.kanban?.sum_field,
  };
}

/** The label typed: the API name follows the English label (else the Chinese one's Latin part) until edited. */
export function withLabel(draft: ViewDraft, en: string, zh: string): ViewDraft {
  return { ...draft, en, zh, api_name: draft.nameEdited ? draft.api_name : deriveApiName(en || zh) };
}

/** The definition the engine stores; empty parts are left out (no sort, no filter, no kanban). */
export function viewOf(draft: ViewDraft): ListViewDef {
  const label: ListViewDef['label'] = {};
  if (draft.en.trim()) label.en = draft.en.trim();
  if (draft.zh.trim()) label['zh-CN'] = draft.zh.trim();
  const view: ListViewDef = { api_name: draft.api_name.trim(), label, columns: draft.columns };
  const sort = formatSort(draft.sort.filter((k) => k.field));
  if (sort) view.sort = sort;
  if (draft.filter !== undefined) view.filter = draft.filter;
  if (draft.kanban) {
    view.kanban = { group_by: draft.group_by ?? '' };
    if (draft.card_fields.length > 0) view.kanban.card_fields = draft.card_fields;
    if (draft.sum_field) view.kanban.sum_field = draft.sum_field;
  }
  return view;
}

/** `list` with the item at `from` moved to `to`. */
export function moved<T>(list: T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
