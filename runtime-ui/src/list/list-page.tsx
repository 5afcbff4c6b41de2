import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Empty, Input, Popover, Result, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { api, ApiError, queryString } from '../api/client.ts';
import { useMe, useObject } from '../api/hooks.ts';
import { label, type ApiRecord, type ObjectDef, type RecordPage } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { FieldValue } from '../pages/field-value.tsx';
import { ErrorState, Loading } from '../shell/states.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { ExportButton } from './export-button.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { columnCandidates, combinedFilter, effectiveSort, listColumns, readListState, recordQuery } from './list-state.ts';
import { MassActions } from './mass-actions.tsx';
import { useSavedViews } from './saved-views.ts';
import { ViewPicker, type ViewChoice } from './view-picker.tsx';
import { ObjectLinks } from '../kanban/object-links.tsx';

const NOT_SORTABLE = new Set(['rich_text', 'long_text', 'json', 'multi_picklist']);
const NUMERIC = new Set(['integer', 'decimal', 'percent', 'currency']);

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
  const me = useMe();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const savedViews = useSavedViews(object.api_name, me.data?.id);
  const state = useMemo(() => readListState(params, object, savedViews.data), [params, object, savedViews.data]);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const [selected, setSelected] = useState<Map<string, ApiRecord>>(new Map());
  const cursor = cursors[cursors.length - 1];
  const columns = listColumns(object, state);
  const sort = effectiveSort(state);
  const lookups = columns.filter((f) => f.type === 'lookup').map((f) => f.api_name);
  const query = recordQuery(state);

  const page = useQuery({
    queryKey: ['records', object.api_name, { ...query, limit: state.limit, cursor, lookups }],
    queryFn: async () => {
      const result = await api<RecordPage>('GET', `/api/records/${object.api_name}${queryString({ ...query, limit: state.limit, cursor, expand: lookups.join(',') || undefined })}`);
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

  /** Changes the address; what is listed changes, so the pages and the selection start again. */
  const update = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
    setCursors([undefined]);
    setSelected(new Map());
  };
  const choose = (choice: ViewChoice) =>
    update({
      view: choice.startsWith('view:') ? choice.slice(5) : undefined,
      saved_view: choice.startsWith('saved:') ? choice.slice(6) : undefined,
      sort: undefined,
      filter: undefined,
      columns: undefined,
    });
  const choice: ViewChoice = state.savedViewId ? `saved:${state.savedViewId}` : state.view ? `view:${state.view.api_name}` : '';

  const sortOrder = (field: string) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);
  const tableColumns: ColumnsType<ApiRecord> = columns.map((field) => ({
    key: field.api_name,
    dataIndex: field.api_name,
    title: label(field.label, locale, field.api_name),
    sorter: !NOT_SORTABLE.has(field.type),
    sortOrder: sortOrder(field.api_name),
    align: NUMERIC.has(field.type) ? 'right' : undefined,
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
    update({ sort: key ? (one?.order === 'descend' ? `-${key}` : key) : undefined });
  };

  const title = label(object.plural_label, locale, object.api_name);
  const filtered = state.q !== '' || state.filterState.conditions.length > 0;
  const viewFilter = state.saved?.definition.filter ?? state.view?.filter;
  const missingView =
    state.savedViewId !== undefined && ((savedViews.isSuccess && !state.saved) || (page.error instanceof ApiError && page.error.code === 'view_not_found'));

  const emptyText = page.isLoading ? (
    <Loading />
  ) : filtered ? (
    <Empty description={t('list.noMatch')}>
      <Button onClick={() => update({ q: undefined, filter: undefined })}>{t('listTools.clearFilters')}</Button>
    </Empty>
  ) : (
    <Empty description={viewFilter === undefined ? t('list.empty') : t('list.noMatch')}>{viewFilter === undefined && <Typography.Text type="secondary">{t('listTools.emptyHint')}</Typography.Text>}</Empty>
  );

  let body: React.ReactNode;
  if (missingView) body = <Result status="warning" title={t('listTools.viewMissing')} extra={<Button onClick={() => choose('')}>{t('listTools.showAll')}</Button>} />;
  else if (state.savedViewId && savedViews.isLoading) body = <Loading />;
  else if (page.error) body = <ErrorState error={page.error} retry={() => void page.refetch()} />;
  else
    body = (
      <Table<ApiRecord>
        rowKey="id"
        size="middle"
        columns={tableColumns}
        dataSource={page.data?.items ?? []}
        loading={page.isFetching && !page.isLoading}
        pagination={false}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText }}
        rowSelection={{
          selectedRowKeys: [...selected.keys()],
          preserveSelectedRowKeys: true,
          columnWidth: 40,
          getCheckboxProps: () => ({ 'aria-label': t('listTools.selectRow') }),
          onChange: (keys, rows) =>
            setSelected((old) => {
              const onPage = new Map(rows.filter((r): r is ApiRecord => r !== undefined).map((r) => [r.id, r]));
              return new Map(keys.map((k) => String(k)).flatMap((k) => {
                const record = onPage.get(k) ?? old.get(k);
                return record ? [[k, record] as const] : [];
              }));
            }),
        }}
        onRow={(record) => ({ onDoubleClick: () => navigate(`/o/${object.api_name}/${record.id}`) })}
      />
    );

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3}>{title}</Typography.Title>
        <Space wrap>
          <ObjectLinks object={object} view={state.view?.api_name} />
          <ExportButton object={object.api_name} query={queryString({ ...query, fields: columns.map((f) => f.api_name).join(',') })} />
          <Button type="primary" onClick={() => navigate(`/o/${object.api_name}/new`)}>
            {t('list.new')}
          </Button>
        </Space>
      </div>
      <div className="list-bar">
        <ViewPicker
          object={object}
          savedViews={savedViews.data ?? []}
          choice={missingView ? '' : choice}
          current={state.saved}
          definition={() => ({ columns: columns.map((f) => f.api_name), sort: sort || undefined, filter: combinedFilter(state) })}
          onChoose={choose}
        />
        <Space wrap className="list-tools">
          <Input.Search
            key={state.q}
            allowClear
            defaultValue={state.q}
            placeholder={t('list.search', { object: title })}
            aria-label={t('list.search', { object: title })}
            onSearch={(value) => update({ q: value.trim() })}
            className="list-search"
          />
          <Popover
            trigger="click"
            open={filterOpen}
            onOpenChange={setFilterOpen}
            placement="bottomLeft"
            content={
              <>
                {viewFilter !== undefined && <Typography.Paragraph type="secondary">{t('listTools.viewFilterApplies')}</Typography.Paragraph>}
                <FilterBuilder
                  key={params.get('filter') ?? ''}
                  object={object}
                  value={state.filterState}
                  onApply={(next) => {
                    update({ filter: next.conditions.length ? JSON.stringify(next) : undefined });
                    setFilterOpen(false);
                  }}
                />
              </>
            }
          >
            <Badge count={state.filterState.conditions.length} size="small">
              <Button>{t('list.filters')}</Button>
            </Badge>
          </Popover>
          <Popover
            trigger="click"
            open={columnsOpen}
            onOpenChange={setColumnsOpen}
            placement="bottomLeft"
            destroyOnHidden
            content={
              <ColumnChooser
                candidates={columnCandidates(object)}
                shown={columns.map((f) => f.api_name)}
                onApply={(chosen) => {
                  update({ columns: chosen.join(',') });
                  setColumnsOpen(false);
                }}
                onReset={() => {
                  update({ columns: undefined });
                  setColumnsOpen(false);
                }}
              />
            }
          >
            <Button>{t('listTools.columns')}</Button>
          </Popover>
        </Space>
      </div>
      {selected.size > 0 && (
        <MassActions
          object={object}
          selected={[...selected.values()]}
          onClear={() => setSelected(new Map())}
          onDone={() => {
            setSelected(new Map());
            void queryClient.invalidateQueries({ queryKey: ['records', object.api_name] });
          }}
        />
      )}
      {body}
      {!missingView && !page.error && (
        <div className="list-pager">
          <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('list.previous')}
          </Button>
          <span className="list-page-number">{t('list.page', { page: cursors.length })}</span>
          <Button disabled={!page.data?.next_cursor} onClick={() => setCursors((c) => [...c, page.data?.next_cursor ?? undefined])}>
            {t('list.next')}
          </Button>
          <Select
            value={state.limit}
            onChange={(value: number) => update({ limit: value === 20 ? undefined : String(value) })}
            options={[20, 50, 100].map((n) => ({ value: n, label: t('list.perPage', { count: n }) }))}
            className="list-limit"
          />
        </div>
      )}
    </div>
  );
}
