import { AppError } from '../kernel/index.ts';
import { assertCanRead, type ListParams } from '../query/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import type { RecordContext } from './record-context.ts';
import { savedViewDefinition } from './saved-views.ts';
import { accessTo } from './record-access.ts';

/** List parameters plus the view to list through: an admin list view (`view`) or a saved view (`savedView`). */
export interface ListRequest extends ListParams {
  /** The API name of one of the object's list views (ObjectDef.list_views). */
  view?: string;
  /** The id of a saved view the actor may see (their own or a shared one). */
  savedView?: string;
}

/** The parameters a list runs with once its view is applied, and the view's columns (for exports). */
export interface ViewedParams {
  params: ListParams;
  columns: string[] | undefined;
}

/**
 * Applies a view: its filter AND-ed with any filter given, its sort unless one is given (404
 * `view_not_found` for an unknown view or a saved view the actor may not see). Its filter then runs like any
 * filter: `current_user` is the actor, and a field they may not read is a 403.
 */
export async function applyView(ctx: RecordContext, object: CompiledObject, request: ListRequest): Promise<ViewedParams> {
  const { view, savedView, ...params } = request;
  if (view === undefined && savedView === undefined) return { params, columns: undefined };
  // Which views exist is the object's business: a user who may not read it learns nothing of them (403 first).
  assertCanRead(await accessTo(ctx, object));
  if (view !== undefined && savedView !== undefined) throw new AppError('invalid_parameter', 'Give view or saved_view, not both', { errors: [{ field: 'saved_view', message: 'cannot be combined with view' }] });
  let definition: { columns?: string[]; sort?: string; filter?: unknown };
  if (view !== undefined) {
    const found = (object.def.list_views ?? []).find((v) => v.api_name === view);
    if (!found) throw new AppError('view_not_found', `"${object.def.api_name}" has no list view "${view}"`, { errors: [{ field: 'view', message: 'is not a list view of this object' }] });
    definition = found;
  } else {
    definition = await savedViewDefinition(ctx, object, savedView as string);
  }
  const filters = [definition.filter, params.filter].filter((f) => f !== undefined && f !== null);
  return {
    params: {
      ...params,
      filter: filters.length > 1 ? { and: filters } : filters[0],
      sort: params.sort || definition.sort,
    },
    columns: definition.columns,
  };
}
