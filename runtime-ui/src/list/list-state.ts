import type { FieldDef, ListViewDef, ObjectDef } from '../api/types.ts';
import { toJsonLogic, type FilterState } from './filter-rule.ts';
import type { SavedView } from './saved-views.ts';

/**
 * What a list shows, all of it in the address (a bookmark or a reload keeps it): the admin's view (`view`)
 * or a saved one (`saved_view`), and on top of it the search (`q`), the user's conditions (`filter`, the
 * builder's state), a sort and columns that replace the view's, the page size (`limit`).
 */
export interface ListState {
  view?: ListViewDef;
  savedViewId?: string;
  saved?: SavedView;
  q: string;
  sort?: string;
  filterState: FilterState;
  columns?: string[];
  limit: number;
}

const NOT_A_COLUMN = new Set(['rich_text', 'long_text', 'json']);
const MAX_COLUMNS = 6;
const LIMITS = [20, 50, 100];

function parseFilter(text: string | null): FilterState {
  if (!text) return { match: 'and', conditions: [] };
  try {
    const state = JSON.parse(text) as FilterState;
    return Array.isArray(state.conditions) ? state : { match: 'and', conditions: [] };
  } catch {
    return { match: 'and', conditions: [] };
  }
}

export function readListState(params: URLSearchParams, object: ObjectDef, savedViews: SavedView[] | undefined): ListState {
  const savedViewId = params.get('saved_view') || undefined;
  const columns = params.get('columns')?.split(',').filter(Boolean);
  return {
    view: savedViewId ? undefined : object.list_views?.find((v) => v.api_name === params.get('view')),
    savedViewId,
    saved: savedViewId ? savedViews?.find((v) => v.id === savedViewId) : undefined,
    q: params.get('q') ?? '',
    sort: params.get('sort') || undefined,
    filterState: parseFilter(params.get('filter')),
    columns: columns?.length ? columns : undefined,
    limit: LIMITS.includes(Number(params.get('limit'))) ? Number(params.get('limit')) : 20,
  };
}

/** Columns that read well in a table, for the chooser. */
export function columnCandidates(object: ObjectDef): FieldDef[] {
  return object.fields.filter((f) => !f.archived && !NOT_A_COLUMN.has(f.type));
}

/** The columns shown: the user's choice, else the view's, else the name field and the next few fields. */
export function listColumns(object: ObjectDef, state: Pick<ListState, 'columns' | 'view' | 'saved'>): FieldDef[] {
  const active = object.fields.filter((f) => !f.archived);
  const names = state.columns ?? state.saved?.definition.columns ?? state.view?.columns;
  if (names) return names.map((name) => active.find((f) => f.api_name === name)).filter((f): f is FieldDef => f !== undefined);
  const shown = columnCandidates(object);
  const name = shown.find((f) => f.api_name === object.name_field);
  return [...(name ? [name] : []), ...shown.filter((f) => f !== name)].slice(0, MAX_COLUMNS);
}

/** The sort in effect: the user's, else the view's. */
export function effectiveSort(state: ListState): string {
  return state.sort ?? state.saved?.definition.sort ?? state.view?.sort ?? '';
}

/** The user's conditions as JSON-logic (the view's own filter is applied by the engine). */
export function userFilter(state: ListState): unknown {
  return toJsonLogic(state.filterState);
}

/** The view's filter AND the user's conditions: what a saved view remembers. */
export function combinedFilter(state: ListState): unknown {
  const own = state.saved?.definition.filter ?? state.view?.filter;
  const extra = userFilter(state);
  if (own === undefined || own === null) return extra;
  if (extra === undefined) return own;
  return { and: [own, extra] };
}

/** The query parameters the engine lists (and exports) with: the view by name or id, then what the user added. */
export function recordQuery(state: ListState): Record<string, string | undefined> {
  const filter = userFilter(state);
  return {
    view: state.view?.api_name,
    saved_view: state.savedViewId,
    q: state.q || undefined,
    sort: state.sort,
    filter: filter === undefined ? undefined : JSON.stringify(filter),
  };
}
