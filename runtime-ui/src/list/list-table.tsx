import { memo, useCallback, useMemo, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Table, theme } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { label, type ApiRecord, type FieldDef, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { fieldValue } from '../pages/field-value.tsx';
import { useListRenderTiming } from './list-timing.ts';
import { RowCheck } from './row-check.tsx';
import './list-table.css';

const NOT_SORTABLE = new Set(['rich_text', 'long_text', 'json', 'multi_picklist']);
const NUMERIC = new Set(['integer', 'decimal', 'percent', 'currency']);

export type Selection = ReadonlyMap<string, ApiRecord>;

interface Props {
  object: ObjectDef;
  columns: FieldDef[];
  /** The sort in effect: `field` or `-field`, '' for none. */
  sort: string;
  items: ApiRecord[] | undefined;
  /** Fetching another page or sort while the previous rows stay on screen. */
  refreshing: boolean;
  emptyText: React.ReactNode;
  selected: Selection;
  onSelect(next: (old: Selection) => Selection): void;
  onSort(sort: string | undefined): void;
}

/**
 * The rows of a list: one column per field (sortable by its header), a selection column, a double click
 * opening the record. Memoised, so the page's other state (the filter popover, the search box) does not
 * re-render fifty rows; the cells' renderers only change with the columns, the sort or the language.
 */
export const ListTable = memo(function ListTable({ object, columns, sort, items, refreshing, emptyText, selected, onSelect, onSort }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);
  const lastClicked = useRef<{ rows: ApiRecord[]; index: number }>(undefined);
  useListRenderTiming(container, items);
  const rows = useMemo(() => items ?? [], [items]);

  const fieldColumns = useMemo<ColumnsType<ApiRecord>>(
    () =>
      columns.map((field) => ({
        key: field.api_name,
        dataIndex: field.api_name,
        title: label(field.label, locale, field.api_name),
        sorter: !NOT_SORTABLE.has(field.type),
        sortOrder: sort === field.api_name ? 'ascend' : sort === `-${field.api_name}` ? 'descend' : null,
        align: NUMERIC.has(field.type) ? 'right' : undefined,
        render:
          field.api_name === object.name_field
            ? (value: unknown, record: ApiRecord) => <Link to={`/o/${object.api_name}/${record.id}`}>{value ? String(value) : record.id.slice(0, 8)}</Link>
            : (value: unknown) => fieldValue(field, value, locale),
      })),
    [columns, sort, locale, object],
  );

  // Ticks survive moving between pages (the map keeps the records of other pages); shift-click ticks a range.
  const toggle = useCallback(
    (record: ApiRecord, index: number, checked: boolean, shiftKey: boolean) => {
      // The last box clicked counts only on the same rows (not after another page or sort).
      const last = shiftKey && lastClicked.current?.rows === rows ? lastClicked.current.index : index;
      const [from, to] = [Math.min(last, index), Math.max(last, index)];
      lastClicked.current = { rows, index };
      const range = rows.slice(from, to + 1);
      onSelect((old) => {
        const next = new Map(old);
        for (const r of range.length ? range : [record]) {
          if (checked) next.set(r.id, r);
          else next.delete(r.id);
        }
        return next;
      });
    },
    [rows, onSelect],
  );
  const onPage = rows.filter((r) => selected.has(r.id)).length;
  const selectionColumn = useMemo<ColumnsType<ApiRecord>[number]>(() => {
    const rowLabel = t('listTools.selectRow');
    return {
      key: '__select',
      className: 'ant-table-selection-column',
      width: 40,
      align: 'center',
      title: (
        <RowCheck
          checked={rows.length > 0 && onPage === rows.length}
          indeterminate={onPage > 0 && onPage < rows.length}
          label={t('listTools.selectPage', 'Select all rows on this page')}
          onChange={(checked) =>
            onSelect((old) => {
              const next = new Map(old);
              for (const r of rows) {
                if (checked) next.set(r.id, r);
                else next.delete(r.id);
              }
              return next;
            })
          }
        />
      ),
      render: (_: unknown, record: ApiRecord, index: number) => (
        <RowCheck checked={selected.has(record.id)} label={rowLabel} onChange={(checked, shift) => toggle(record, index, checked, shift)} />
      ),
    };
  }, [rows, onPage, selected, toggle, onSelect, t]);
  const tableColumns = useMemo(() => [selectionColumn, ...fieldColumns], [selectionColumn, fieldColumns]);

  const onChange = useCallback(
    (_p: unknown, _f: unknown, sorter: SorterResult<ApiRecord> | SorterResult<ApiRecord>[]) => {
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = one?.order ? String(one.columnKey) : '';
      onSort(key ? (one?.order === 'descend' ? `-${key}` : key) : undefined);
    },
    [onSort],
  );
  const onRow = useCallback((record: ApiRecord) => ({ onDoubleClick: () => navigate(`/o/${object.api_name}/${record.id}`) }), [navigate, object.api_name]);
  const rowClassName = useCallback((record: ApiRecord) => (selected.has(record.id) ? 'ant-table-row-selected' : ''), [selected]);
  const tableLocale = useMemo(() => ({ emptyText }), [emptyText]);
  const style = {
    '--row-check-primary': token.colorPrimary,
    '--row-check-primary-hover': token.colorPrimaryHover,
    '--row-check-border': token.colorBorder,
    '--row-check-radius': `${token.borderRadiusSM}px`,
  } as React.CSSProperties;

  return (
    <div ref={container} className="list-table" style={style}>
      <Table<ApiRecord>
        rowKey="id"
        size="middle"
        columns={tableColumns}
        dataSource={rows}
        loading={refreshing}
        pagination={false}
        onChange={onChange}
        locale={tableLocale}
        rowClassName={rowClassName}
        onRow={onRow}
      />
    </div>
  );
});
