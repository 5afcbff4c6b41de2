import { memo, useCallback, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Empty, Result, Select, Typography } from 'antd';
import { api, ApiError, queryString } from '../api/client.ts';
import { useMe, useObject } from '../api/hooks.ts';
import type { ObjectDef, RecordPage } from '../api/types.ts';
import { ErrorState, Loading } from '../shell/states.tsx';
import { ListHeader } from './list-header.tsx';
import { effectiveSort, listColumns, readListState, recordQuery } from './list-state.ts';
import { ListTable, type Selection } from './list-table.tsx';
import { markListData } from './list-timing.ts';
import { MassActions } from './mass-actions.tsx';
import { useSavedViews } from './saved-views.ts';
import type { ViewChoice } from './view-picker.tsx';

const NO_SELECTION: Selection = new Map();

export default function ListPage() {
  const { object: name = '' } = useParams();
  const { object, isLoading, error } = useObject(name);
  if (isLoading) return <Loading />;
  if (error || !object) return <ErrorState error={error} />;
  return <ObjectList key={object.api_name} object={object} />;
}

function ObjectList({ object }: { object: ObjectDef }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const savedViews = useSavedViews(object.api_name, me.data?.id);
  const state = useMemo(() => readListState(params, object, savedViews.data), [params, object, savedViews.data]);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState<Selection>(NO_SELECTION);
  const cursor = cursors[cursors.length - 1];
  const columns = useMemo(() => listColumns(object, state), [object, state]);
  const sort = effectiveSort(state);
  const lookups = columns.filter((f) => f.type === 'lookup').map((f) => f.api_name);
  const query = recordQuery(state);

  const page = useQuery({
    queryKey: ['records', object.api_name, { ...query, limit: state.limit, cursor, lookups }],
    queryFn: async () => {
      const result = await api<RecordPage>('GET', `/api/records/${object.api_name}${queryString({ ...query, limit: state.limit, cursor, expand: lookups.join(',') || undefined })}`);
      markListData();
      return result;
    },
    placeholderData: keepPreviousData,
  });

  /** Changes the address; what is listed changes, so the pages and the selection start again. */
  const update = useCallback(
    (change: Record<string, string | undefined>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(change)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setParams(next, { replace: true });
      setCursors([undefined]);
      setSelected(NO_SELECTION);
    },
    [params, setParams],
  );
  const choose = useCallback(
    (choice: ViewChoice) =>
      update({
        view: choice.startsWith('view:') ? choice.slice(5) : undefined,
        saved_view: choice.startsWith('saved:') ? choice.slice(6) : undefined,
        sort: undefined,
        filter: undefined,
        columns: undefined,
      }),
    [update],
  );
  const onSort = useCallback((next: string | undefined) => update({ sort: next }), [update]);
  const choice: ViewChoice = state.savedViewId ? `saved:${state.savedViewId}` : state.view ? `view:${state.view.api_name}` : '';

  const filtered = state.q !== '' || state.filterState.conditions.length > 0;
  const viewFilter = state.saved?.definition.filter ?? state.view?.filter;
  const missingView =
    state.savedViewId !== undefined && ((savedViews.isSuccess && !state.saved) || (page.error instanceof ApiError && page.error.code === 'view_not_found'));

  const emptyText = useMemo(
    () =>
      page.isLoading ? (
        <Loading />
      ) : filtered ? (
        <Empty description={t('list.noMatch')}>
          <Button onClick={() => update({ q: undefined, filter: undefined })}>{t('listTools.clearFilters')}</Button>
        </Empty>
      ) : (
        <Empty description={viewFilter === undefined ? t('list.empty') : t('list.noMatch')}>{viewFilter === undefined && <Typography.Text type="secondary">{t('listTools.emptyHint')}</Typography.Text>}</Empty>
      ),
    [page.isLoading, filtered, viewFilter, update, t],
  );
  const selectedRecords = useMemo(() => [...selected.values()], [selected]);
  const savedViewList = useMemo(() => savedViews.data ?? [], [savedViews.data]);

  let body: React.ReactNode;
  if (missingView) body = <Result status="warning" title={t('listTools.viewMissing')} extra={<Button onClick={() => choose('')}>{t('listTools.showAll')}</Button>} />;
  else if (state.savedViewId && savedViews.isLoading) body = <Loading />;
  else if (page.error) body = <ErrorState error={page.error} retry={() => void page.refetch()} />;
  else
    body = (
      <ListTable
        object={object}
        columns={columns}
        sort={sort}
        items={page.data?.items}
        refreshing={page.isFetching && !page.isLoading}
        emptyText={emptyText}
        selected={selected}
        onSelect={setSelected}
        onSort={onSort}
      />
    );

  return (
    <div className="page">
      <ListHeader
        object={object}
        state={state}
        columns={columns}
        sort={sort}
        savedViews={savedViewList}
        choice={missingView ? '' : choice}
        filterKey={params.get('filter') ?? ''}
        update={update}
        choose={choose}
      />
      {selected.size > 0 && (
        <MassActions
          object={object}
          selected={selectedRecords}
          onClear={() => setSelected(NO_SELECTION)}
          onDone={() => {
            setSelected(NO_SELECTION);
            void queryClient.invalidateQueries({ queryKey: ['records', object.api_name] });
          }}
        />
      )}
      {body}
      {!missingView && !page.error && (
        <Pager
          page={cursors.length}
          next={page.data?.next_cursor ?? undefined}
          limit={state.limit}
          onCursors={setCursors}
          onLimit={update}
        />
      )}
    </div>
  );
}

type Cursors = React.Dispatch<React.SetStateAction<Array<string | undefined>>>;

/** Previous / page number / next, and the page size (20, 50 or 100). */
const Pager = memo(function Pager({ page, next, limit, onCursors, onLimit }: { page: number; next?: string; limit: number; onCursors: Cursors; onLimit(change: Record<string, string | undefined>): void }) {
  const { t } = useTranslation();
  return (
    <div className="list-pager">
      <Button disabled={page < 2} onClick={() => onCursors((c) => c.slice(0, -1))}>
        {t('list.previous')}
      </Button>
      <span className="list-page-number">{t('list.page', { page })}</span>
      <Button disabled={!next} onClick={() => onCursors((c) => [...c, next])}>
        {t('list.next')}
      </Button>
      <Select
        value={limit}
        onChange={(value: number) => onLimit({ limit: value === 20 ? undefined : String(value) })}
        options={[20, 50, 100].map((n) => ({ value: n, label: t('list.perPage', { count: n }) }))}
        className="list-limit"
      />
    </div>
  );
});
