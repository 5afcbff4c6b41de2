import { label, type ApiRecord, type FieldDef, type ListViewDef, type ObjectDef } from '../api/types.ts';

/** `POST /api/records/:object/query` with `aggregate` (docs/http-api.md#aggregates). */
export interface AggregateGroup {
  key: Record<string, unknown>;
  values: Record<string, number | string | null>;
}
export interface AggregateAnswer {
  groups: AggregateGroup[];
  total: { count: number; exact: boolean };
  truncated: boolean;
}

/** What a board shows: a list view (its filter, sort and kanban settings), the picklist it groups by, card fields, a sum. */
export interface BoardSettings {
  view: ListViewDef | undefined;
  groupBy: FieldDef | undefined;
  picklists: FieldDef[];
  cardFields: FieldDef[];
  sumField: FieldDef | undefined;
}

/** The measure names the board asks for. */
export const COUNT = 'count';
export const SUM = 'total';

/**
 * The board of `?view=` (absent: the object's first view with kanban settings; empty: no view) grouped by
 * `?by=` (else the view's `group_by`, else the object's first picklist). `unknownView` names a view that
 * does not exist (the board then shows every record).
 */
export function boardSettings(object: ObjectDef, viewName: string | null, by: string | null): BoardSettings & { unknownView?: string } {
  const views = object.list_views ?? [];
  const view = viewName === null ? views.find((v) => v.kanban) : views.find((v) => v.api_name === viewName);
  const active = object.fields.filter((f) => !f.archived);
  const find = (name: string | undefined) => (name ? active.find((f) => f.api_name === name) : undefined);
  const picklists = active.filter((f) => f.type === 'picklist');
  const pick = (name: string | null | undefined) => picklists.find((f) => f.api_name === name);
  const groupBy = pick(by) ?? pick(view?.kanban?.group_by) ?? picklists[0];
  const cardFields = (view?.kanban?.card_fields ?? [])
    .map(find)
    .filter((f): f is FieldDef => f !== undefined && f.api_name !== object.name_field && f !== groupBy);
  const sumField = find(view?.kanban?.sum_field);
  return { view, groupBy, picklists, cardFields, sumField, unknownView: viewName && !view ? viewName : undefined };
}

export interface BoardColumn {
  /** The droppable's id: the picklist value, or NO_VALUE. */
  id: string;
  value: string | null;
  label: string;
  color?: string;
  /** Records sit here but none may be moved here (an empty or retired value). */
  closed: boolean;
}

export const NO_VALUE = '\u0000none';

/** One column per active value in the picklist's order; records with no value or a retired one get a closed column. */
export function boardColumns(field: FieldDef, locale: string, present: Iterable<string | null>, noValue: string): BoardColumn[] {
  const values = [...(field.values ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const columns: BoardColumn[] = values
    .filter((v) => v.active !== false)
    .map((v) => ({ id: v.value, value: v.value, label: label(v.label, locale, v.value), color: v.color, closed: false }));
  const shown = new Set(columns.map((c) => c.value));
  for (const value of new Set(present)) {
    if (shown.has(value)) continue;
    shown.add(value);
    if (value === null) columns.unshift({ id: NO_VALUE, value: null, label: noValue, closed: true });
    else {
      const retired = values.find((v) => v.value === value);
      columns.push({ id: value, value, label: label(retired?.label, locale, value), color: retired?.color, closed: true });
    }
  }
  return columns;
}

export interface ColumnTotals {
  count: number;
  /** One sum per currency for a currency field (never added across currencies); one without a currency otherwise. */
  sums: Array<{ currency: string | null; amount: number }>;
}

const currencyKey = (sumField: FieldDef) => `${sumField.api_name}:currency`;

/** Counts and sums per picklist value from the aggregate's groups (a currency sum splits a value into one group per currency). */
export function columnTotals(answer: AggregateAnswer | undefined, groupBy: string, sumField: FieldDef | undefined): Map<string | null, ColumnTotals> {
  const totals = new Map<string | null, ColumnTotals>();
  for (const group of answer?.groups ?? []) {
    const value = (group.key[groupBy] ?? null) as string | null;
    const entry = totals.get(value) ?? { count: 0, sums: [] };
    totals.set(value, entry);
    entry.count += Number(group.values[COUNT] ?? 0);
    const sum = group.values[SUM];
    if (!sumField || sum === null || sum === undefined) continue;
    const currency = sumField.type === 'currency' ? ((group.key[currencyKey(sumField)] ?? null) as string | null) : null;
    const same = entry.sums.find((s) => s.currency === currency);
    if (same) same.amount += Number(sum);
    else entry.sums.push({ currency, amount: Number(sum) });
  }
  return totals;
}

/** The record's part of the sum: its amount and currency. */
function amountOf(record: ApiRecord, sumField: FieldDef | undefined): { amount: number; currency: string | null } | undefined {
  if (!sumField) return undefined;
  const value = record[sumField.api_name];
  if (value === null || value === undefined) return undefined;
  if (sumField.type === 'currency') {
    const money = value as { amount: number; currency: string };
    return { amount: Number(money.amount), currency: money.currency };
  }
  return { amount: Number(value), currency: null };
}

/** The aggregate as it will be once the record has moved: what the board shows while the change is on its way. */
export function moveInAggregate(answer: AggregateAnswer, groupBy: string, sumField: FieldDef | undefined, record: ApiRecord, to: string | null): AggregateAnswer {
  const from = (record[groupBy] ?? null) as string | null;
  const money = amountOf(record, sumField);
  const currency = money?.currency ?? null;
  const matches = (g: AggregateGroup, value: string | null) =>
    (g.key[groupBy] ?? null) === value && (!sumField || sumField.type !== 'currency' || (g.key[currencyKey(sumField)] ?? null) === currency);
  const groups = answer.groups.map((g) => ({ key: g.key, values: { ...g.values } }));
  const add = (value: string | null, sign: 1 | -1) => {
    let group = groups.find((g) => matches(g, value));
    if (!group) {
      group = { key: { [groupBy]: value, ...(sumField?.type === 'currency' ? { [currencyKey(sumField)]: currency } : {}) }, values: { [COUNT]: 0, [SUM]: null } };
      groups.push(group);
    }
    group.values[COUNT] = Number(group.values[COUNT] ?? 0) + sign;
    if (money) group.values[SUM] = Number(group.values[SUM] ?? 0) + sign * money.amount;
  };
  add(from, -1);
  add(to, 1);
  return { ...answer, groups: groups.filter((g) => Number(g.values[COUNT]) > 0) };
}
