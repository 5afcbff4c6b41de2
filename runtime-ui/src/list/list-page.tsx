import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Empty, Input, Popover, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { api, queryString } from '../api/client.ts';
import { useObject } from '../api/hooks.ts';
import { label, type ApiRecord, type FieldDef, type ListViewDef, type ObjectDef, type RecordPage } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { FieldValue } from '../pages/field-value.tsx';
import { ErrorState, Loading } from '../shell/states.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { toJsonLogic, type FilterState } from './filter-rule.ts';

const NOT_SORTABLE = new Set(['rich_text', 'long_text', 'json', 'multi_picklist']);
const NOT_A_COLUMN = new Set(['rich_text', 'long_text', 'json']);
const MAX_COLUMNS = 6;

/** A list view's columns; without one, the name field first, then the first few fields that read well in a table. */
export function listColumns(object: ObjectDef, view: ListViewDef | undefined): FieldDef[] {
  const active = object.fields.filter((f) => !f.archived);
  if (view) return view.columns.map((name) => active.find((f) => f.api_name === name)).filter((f): f is FieldDef => f !== undefined);
  const shown = active.filter((f) => !NOT_A_COLUMN.has(f.type));
  const name = shown.find((f) => f.api_name === object.name_field);
  return [...(name ? [name] : []), ...shown.filter((f) => f !== name)].slice(0, MAX_COLUMNS);
}

/** The view's filter AND the user's conditions. */
function combine(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { and: [a, b] };
}

function parseFilter(text: string | null): FilterState {
  if (!text) return { match: 'and', conditions: [] };
  try {
    return JSON.parse(text) as FilterState;
  } catch {
    return { match: 'and', conditions: [] };
  }
}

export default function ListPage() {
  const { object: name = '' } = useParams();
  const { object, isLoading, error } = useObject(name);
  if (isLoading) return <Loading />;
  if (error || !object) return <ErrorState error={error} />;
  return <ObjectList key={object.api_name} object={object} />;
}

function ObjectList({ object }: { object: ObjectDef }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const view = object.list_views?.find((v) => v.api_name === params.get('view'));
  const sort = params.get('sort') ?? view?.sort ?? '';
  const filterState = useMemo(() => parseFilter(params.get('filter')), [params]);
  const filter = useMemo(() => combine(view?.filter, toJsonLogic(filterState)), [view, filterState]);
  const limit = [20, 50, 100].includes(Number(params.get('limit'))) ? Number(params.get('limit')) : 20;
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [filterOpen, setFilterOpen] = useState(false);
  const cursor = cursors[cursors.length - 1];
  const columns = listColumns(object, view);
  const lookups = columns.filter((f) => f.type === 'lookup').map((f) => f.api_name);

  const page = useQuery({
    queryKey: ['records', object.api_name, { q, sort, filter, limit, cursor }],
    queryFn: async () => {
      const result = await api<RecordPage>(
        'GET',
        `/api/records/${object.api_name}${queryString({ q, sort, limit, cursor, filter: filter === undefined ? undefined : JSON.stringify(filter), expand: lookups.join(',') || undefined })}`,
      );
      performance.mark('tessera:list-data');
      return result;
    },
    placeholderData: keepPreviousData,
  });
  // Measured, not asserted: from the data's arrival to the next frame after the rows are rendered.
  useEffect(() => {
    if (!page.data) return;
    const frame = requestAnimationFrame(() => performance.measure('tessera:list-render', 'tessera:list-data'));
    return () => cancelAnimationFrame(frame);
  }, [page.data]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([undefined]);
  };

  const sortOrder = (field: string) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);
  const tableColumns: ColumnsType<ApiRecord> = columns.map((field) => ({
    key: field.api_name,
    dataIndex: field.api_name,
    title: label(field.label, locale, field.api_name),
    sorter: !NOT_SORTABLE.has(field.type),
    sortOrder: sortOrder(field.api_name),
    align: ['integer', 'decimal', 'percent', 'currency'].includes(field.type) ? 'right' : undefined,
    render: (value: unknown, record) =>
      field.api_name === object.name_field ? (
        <Link to={`/o/${object.api_name}/${record.id}`}>{value ? String(value) : record.id.slice(0, 8)}</Link>
      ) : (
        <FieldValue field={field} value={value} />
      ),
  }));

  const onTableChange = (_p: unknown, _f: unknown, sorter: SorterResult<ApiRecord> | SorterResult<ApiRecord>[]) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = one?.order ? String(one.columnKey) : '';
    setParam('sort', key ? (one?.order === 'descend' ? `-${key}` : key) : '');
  };

  const title = label(object.plural_label, locale, object.api_name);
  const filtered = q !== '' || filter !== undefined;
  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3}>{title}</Typography.Title>
        <Button type="primary" onClick={() => navigate(`/o/${object.api_name}/new`)}>
          {t('list.new')}
        </Button>
      </div>
      <Space wrap className="list-tools">
        {object.list_views && object.list_views.length > 0 && (
          <Select
            className="list-view"
            aria-label={t('list.view')}
            value={view?.api_name ?? ''}
            onChange={(name: string) => {
              const next = new URLSearchParams(params);
              if (name) next.set('view', name);
              else next.delete('view');
              next.delete('sort');
              setParams(next, { replace: true });
              setCursors([undefined]);
            }}
            options={[{ value: '', label: t('list.allRecords') }, ...object.list_views.map((v) => ({ value: v.api_name, label: label(v.label, locale, v.api_name) }))]}
          />
        )}
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('list.search', { object: title })}
          aria-label={t('list.search', { object: title })}
          onSearch={(value) => setParam('q', value.trim())}
          className="list-search"
        />
        <Popover
          trigger="click"
          open={filterOpen}
          onOpenChange={setFilterOpen}
          placement="bottomLeft"
          content={
            <FilterBuilder
              object={object}
              value={filterState}
              onApply={(state) => {
                setParam('filter', state.conditions.length ? JSON.stringify(state) : '');
                setFilterOpen(false);
              }}
            />
          }
        >
          <Badge count={filterState.conditions.length} size="small">
            <Button>{t('list.filters')}</Button>
          </Badge>
        </Popover>
      </Space>
      {page.error ? (
        <ErrorState error={page.error} retry={() => void page.refetch()} />
      ) : (
        <Table<ApiRecord>
          rowKey="id"
          size="middle"
          columns={tableColumns}
          dataSource={page.data?.items ?? []}
          loading={page.isFetching}
          pagination={false}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: page.isLoading ? <Loading /> : <Empty description={filtered ? t('list.noMatch') : t('list.empty')} /> }}
          onRow={(record) => ({ onDoubleClick: () => navigate(`/o/${object.api_name}/${record.id}`) })}
        />
      )}
      <div className="list-pager">
        <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('list.previous')}
        </Button>
        <span className="list-page-number">{t('list.page', { page: cursors.length })}</span>
        <Button disabled={!page.data?.next_cursor} onClick={() => setCursors((c) => [...c, page.data?.next_cursor ?? undefined])}>
          {t('list.next')}
        </Button>
        <Select
          value={limit}
          onChange={(value) => setParam('limit', value === 20 ? '' : String(value))}
          options={[20, 50, 100].map((n) => ({ value: n, label: t('list.perPage', { count: n }) }))}
          className="list-limit"
        />
      </div>
    </div>
  );
}
