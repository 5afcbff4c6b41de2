import { AppError, type JsonValue } from '../kernel/index.ts';
import { recordAudit, type RequestOrigin } from '../access/index.ts';
import { assertCanRead, MAX_EXPAND, MAX_LIMIT, type ListParams } from '../query/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';
import { applyView, type ListRequest } from './list-view.ts';
import { listRecords } from './list-records.ts';
import { countRecords } from './count-records.ts';
import { ruleEnvOf } from './rule-data.ts';
import { csvLine, UTF8_BOM, type CsvCell } from './csv-line.ts';
import { labelIn, SYSTEM_LABELS } from './localized-label.ts';

/** More matching records than this and an export is refused (400 export_too_large) before it starts. */
export const EXPORT_CAP = 100_000;

export interface ExportRequest extends ListRequest {
  /** `label` (default): the header row holds field labels in the actor's language; `api`: API names. */
  header?: 'label' | 'api';
}

export interface RecordExport {
  filename: string;
  /** The records counted before the export started (what the audit log records). */
  rows: number;
  /** The CSV text: the byte-order mark and header row, then one line per record, page by page. */
  lines: AsyncGenerator<string>;
}

const USER_COLUMNS = new Set(['owner_id', 'created_by', 'updated_by']);
const DEFAULT_SYSTEM = ['owner_id', 'created_at', 'updated_at'];
const NUMERIC = new Set(['integer', 'decimal', 'percent', 'currency', 'rollup', 'date', 'datetime', 'boolean']);

/** The columns of an export: `fields` as given (checked as lists check them), else the view's readable columns, else every readable field. */
function exportColumns(object: CompiledObject, readable: ReadonlySet<string>, fields: string[] | undefined, viewColumns: string[] | undefined): string[] {
  if (fields?.length) return fields;
  const known = (name: string) => object.byName.has(name) || name === 'id' || DEFAULT_SYSTEM.includes(name) || USER_COLUMNS.has(name);
  if (viewColumns) {
    const shown = viewColumns.filter((c) => known(c) && readable.has(c));
    if (shown.length) return shown;
  }
  return ['id', ...object.fields.map((f) => f.def.api_name), ...DEFAULT_SYSTEM].filter((c) => c === 'id' || readable.has(c));
}

/** The columns shown by a name rather than an id: users, and lookups to objects the actor may read (at most MAX_EXPAND). */
async function expandable(ctx: RecordContext, object: CompiledObject, columns: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const column of columns) {
    if (out.length >= MAX_EXPAND) break;
    const field = object.byName.get(column);
    if (USER_COLUMNS.has(column) || field?.def.type === 'user') out.push(column);
    else if (field?.def.type === 'lookup' && typeof field.def.target === 'string') {
      const target = ctx.model.objects.get(field.def.target);
      if (target && (await accessTo(ctx, target)).permissions.canRead) out.push(column);
    }
  }
  return out;
}

/** A value as a person reads it: labels for picklists, names for lookups and users, "amount currency", ISO dates. */
function cellOf(ctx: RecordContext, object: CompiledObject, column: string, value: unknown, locale: string): CsvCell {
  if (value === null || value === undefined) return { text: '', typed: false };
  const def = object.byName.get(column)?.def;
  const type = def?.type;
  if (type === 'picklist' || type === 'multi_picklist') {
    const label = (v: unknown) => {
      const found = def?.values?.find((p) => p.value === v);
      return found ? labelIn(found.label, locale, String(v)) : String(v);
    };
    return { text: Array.isArray(value) ? value.map(label).join('; ') : label(value), typed: true };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const ref = value as Record<string, unknown>;
    if (type === 'currency') return { text: `${String(ref.amount)}${ref.currency ? ` ${String(ref.currency)}` : ''}`, typed: false };
    if (type === 'lookup') {
      const target = typeof def?.target === 'string' ? ctx.model.objects.get(def.target) : undefined;
      const name = target ? ref[target.def.name_field] : undefined;
      return { text: typeof name === 'string' && name ? name : String(ref.id ?? ''), typed: true };
    }
    if (USER_COLUMNS.has(column) || type === 'user') return { text: typeof ref.name === 'string' && ref.name ? ref.name : String(ref.id ?? ''), typed: true };
  }
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), typed: false };
  if (typeof value === 'string') {
    const numeric = (type !== undefined && NUMERIC.has(type)) || (type === 'formula' && def?.return_type === 'number') || column === 'created_at' || column === 'updated_at';
    return { text: value, typed: !numeric };
  }
  return { text: JSON.stringify(value), typed: true };
}

/**
 * A CSV export of the records the actor may read — exactly the list's rows (access, filter, search, view),
 * read page by page with the keyset cursor — with only fields they may read. Everything is checked and the
 * first page read before it returns, so a bad request is a problem+json answer, never a broken file; more
 * than EXPORT_CAP matches is 400 export_too_large. Each export is written to the security audit log.
 */
export async function exportRecords(ctx: RecordContext, objectName: string, request: ExportRequest, origin?: RequestOrigin): Promise<RecordExport> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  assertCanRead(access);
  const { header = 'label', ...listRequest } = request;
  const { params, columns: viewColumns } = await applyView(ctx, object, listRequest);
  const columns = exportColumns(object, access.fields.readable, params.fields, viewColumns);
  const pageParams: ListParams = { filter: params.filter, sort: params.sort, q: params.q, fields: columns, expand: await expandable(ctx, object, columns), limit: MAX_LIMIT };
  const first = await listRecords(ctx, objectName, pageParams);
  const count = await countRecords(ctx, objectName, { filter: params.filter, q: params.q }, EXPORT_CAP);
  if (!count.exact) throw new AppError('export_too_large', `More than ${EXPORT_CAP.toLocaleString('en')} records match; narrow the filter and export in parts`, { extra: { cap: EXPORT_CAP } });
  const { locale } = await ruleEnvOf(ctx, ctx.knex);
  const detail: Record<string, JsonValue> = { object: objectName, rows: count.count, filter: (params.filter ?? null) as JsonValue };
  if (params.q !== undefined) detail.q = params.q;
  if (request.view !== undefined) detail.view = request.view;
  if (request.savedView !== undefined) detail.saved_view = request.savedView;
  await recordAudit(ctx.knex, ctx.model.tenant.schema, { kind: 'records_exported', actorId: ctx.actor.userId, origin, detail });

  const title = (column: string) => {
    if (header === 'api') return column;
    const def = object.byName.get(column)?.def;
    return def ? labelIn(def.label, locale, column) : labelIn(SYSTEM_LABELS[column] ?? {}, locale, column);
  };
  async function* lines(): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(columns.map((c) => ({ text: title(c), typed: true })));
    let page = first;
    for (;;) {
      let text = '';
      for (const item of page.items) text += csvLine(columns.map((c) => cellOf(ctx, object, c, item[c], locale)));
      if (text) yield text;
      if (!page.next_cursor) return;
      page = await listRecords(ctx, objectName, { ...pageParams, cursor: page.next_cursor });
    }
  }
  return { filename: `${objectName}-${new Date().toISOString().slice(0, 10)}.csv`, rows: count.count, lines: lines() };
}
