import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type ClientRect,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type DragEndEvent,
} from '@dnd-kit/core';
import { Alert, App, Button, Result, Select, Space, Typography } from 'antd';
import { api, ApiError, queryString } from '../api/client.ts';
import { useObject } from '../api/hooks.ts';
import { label, type ApiRecord, type FieldDef, type ObjectDef, type RecordPage } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ErrorState, Loading } from '../shell/states.tsx';
import { CardFace, KanbanColumn, recordName } from './kanban-column.tsx';
import './kanban.css';
import { boardColumns, boardSettings, columnTotals, COUNT, moveInAggregate, SUM, type AggregateAnswer, type BoardSettings } from './kanban-model.ts';

/** Cards on one board: beyond this the page asks for a narrower view. */
const MAX_CARDS = 500;

/** The pointer decides where a card lands; the keyboard (no pointer) goes by overlapping rectangles. */
const landing: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  return under.length > 0 ? under : rectIntersection(args);
};

/** With the keyboard, ← and → carry the picked-up card to the previous or next column that takes cards. */
const jumpToColumn: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (!step) return undefined;
  event.preventDefault();
  const rects = context.droppableContainers
    .getEnabled()
    .map((c) => context.droppableRects.get(c.id))
    .filter((r): r is ClientRect => r !== undefined)
    .sort((a, b) => a.left - b.left);
  const x = currentCoordinates.x;
  const target = step > 0 ? rects.find((r) => r.left > x) : rects.reverse().find((r) => r.right < x);
  return target ? { x: target.left + 8, y: target.top + 48 } : currentCoordinates;
};

export default function KanbanPage() {
  const { object: name = '' } = useParams();
  const { object, isLoading, error } = useObject(name);
  if (isLoading) return <Loading />;
  if (error || !object) return <ErrorState error={error} />;
  return <KanbanView key={object.api_name} object={object} />;
}

function KanbanView({ object }: { object: ObjectDef }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const settings = boardSettings(object, params.get('view'), params.get('by'));
  const plural = label(object.plural_label, locale, object.api_name);

  const setParam = (key: 'view' | 'by', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    if (key === 'view') next.delete('by');
    setParams(next, { replace: true });
  };
  const listLink = `/o/${object.api_name}${queryString({ view: settings.view?.api_name })}`;

  return (
    <div className="page kanban-page">
      <div className="page-head">
        <Typography.Title level={3}>{t('kanban.title', { object: plural })}</Typography.Title>
        <Space wrap>
          <Link to={listLink}>
            <Button>{t('kanban.list')}</Button>
          </Link>
          <Link to={`/o/${object.api_name}/new`}>
            <Button type="primary">{t('list.new')}</Button>
          </Link>
        </Space>
      </div>
      <Space wrap className="list-tools">
        {(object.list_views?.length ?? 0) > 0 && (
          <Select
            className="list-view"
            aria-label={t('kanban.view')}
            value={settings.view?.api_name ?? ''}
            onChange={(value: string) => setParam('view', value)}
            options={[{ value: '', label: t('kanban.allRecords') }, ...(object.list_views ?? []).map((v) => ({ value: v.api_name, label: label(v.label, locale, v.api_name) }))]}
          />
        )}
        {settings.picklists.length > 1 && settings.groupBy && (
          <Select
            className="kanban-group-by"
            aria-label={t('kanban.groupBy')}
            prefix={`${t('kanban.groupBy')}:`}
            value={settings.groupBy.api_name}
            onChange={(value: string) => setParam('by', value)}
            options={settings.picklists.map((f) => ({ value: f.api_name, label: label(f.label, locale, f.api_name) }))}
          />
        )}
      </Space>
      {settings.unknownView && <Alert type="warning" showIcon className="form-problem" title={t('kanban.unknownView', { name: settings.unknownView })} />}
      {settings.groupBy ? (
        <Board key={`${settings.view?.api_name ?? ''}|${settings.groupBy.api_name}`} object={object} settings={settings} groupBy={settings.groupBy} />
      ) : (
        <Result status="info" title={t('kanban.noPicklist', { object: plural })} extra={<Link to={listLink}>{t('kanban.list')}</Link>} />
      )}
    </div>
  );
}

interface Move {
  record: ApiRecord;
  to: string | null;
  column: string;
}

function Board({ object, settings, groupBy }: { object: ObjectDef; settings: BoardSettings; groupBy: FieldDef }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { view, cardFields, sumField } = settings;
  const group = groupBy.api_name;
  const filter = view?.filter;

  const fields = [...new Set([object.name_field, group, ...cardFields.map((f) => f.api_name), ...(sumField ? [sumField.api_name] : [])])];
  const expand = cardFields.filter((f) => f.type === 'lookup').map((f) => f.api_name);
  // Under 'records' so that a save anywhere (form, list) refreshes the board too.
  const cardsKey = ['records', object.api_name, 'kanban', { view: view?.api_name, group }];
  const totalsKey = ['records', object.api_name, 'kanban-totals', { view: view?.api_name, group, sum: sumField?.api_name }];

  const cards = useQuery({
    queryKey: cardsKey,
    queryFn: () =>
      api<RecordPage>(
        'GET',
        `/api/records/${object.api_name}${queryString({
          filter: filter === undefined ? undefined : JSON.stringify(filter),
          sort: view?.sort,
          limit: MAX_CARDS,
          fields: fields.join(','),
          expand: expand.join(',') || undefined,
        })}`,
      ),
  });
  const totals = useQuery({
    queryKey: totalsKey,
    queryFn: () =>
      api<AggregateAnswer>('POST', `/api/records/${object.api_name}/query`, {
        ...(filter === undefined ? {} : { filter }),
        aggregate: {
          group_by: [group],
          measures: [{ fn: 'count', as: COUNT }, ...(sumField ? [{ fn: 'sum', field: sumField.api_name, as: SUM }] : [])],
          limit: 1000,
        },
      }),
  });

  const move = useMutation({
    mutationFn: ({ record, to }: Move) =>
      api<ApiRecord>('PATCH', `/api/records/${object.api_name}/${encodeURIComponent(record.id)}`, { [group]: to }, { 'if-match': `"${record.version}"` }),
    // Optimistic: the card and the column figures move at once; rolled back if the engine refuses.
    onMutate: async ({ record, to }: Move) => {
      await queryClient.cancelQueries({ queryKey: cardsKey });
      await queryClient.cancelQueries({ queryKey: totalsKey });
      const before = { cards: queryClient.getQueryData<RecordPage>(cardsKey), totals: queryClient.getQueryData<AggregateAnswer>(totalsKey) };
      queryClient.setQueryData<RecordPage>(cardsKey, (page) => page && { ...page, items: page.items.map((r) => (r.id === record.id ? { ...r, [group]: to } : r)) });
      queryClient.setQueryData<AggregateAnswer>(totalsKey, (answer) => answer && moveInAggregate(answer, group, sumField, record, to));
      return before;
    },
    onSuccess: (saved, { record, column }) => {
      queryClient.setQueryData<RecordPage>(cardsKey, (page) => page && { ...page, items: page.items.map((r) => (r.id === saved.id ? { ...r, version: saved.version, [group]: saved[group] } : r)) });
      void message.open({ key: `move-${record.id}`, type: 'success', content: t('kanban.moved', { name: recordName(object, record), column }) });
    },
    onError: (err, { record, column }, before) => {
      queryClient.setQueryData(cardsKey, before?.cards);
      queryClient.setQueryData(totalsKey, before?.totals);
      const name = recordName(object, record);
      let content: string;
      if (err instanceof ApiError && err.status === 412) content = t('kanban.conflict', { name });
      else if (err instanceof ApiError && err.status === 422) content = t('kanban.refused', { name, column, reason: err.errors.map((e) => e.message).join('; ') || err.message });
      else content = t('kanban.failed', { name, reason: err instanceof Error ? err.message : '' });
      // One message per card: a later move of the same card replaces it.
      void message.open({ key: `move-${record.id}`, type: 'error', content, duration: 6 });
    },
    // Whatever happened, the board then shows what the engine holds (after a 412: the other person's change).
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: cardsKey });
      void queryClient.invalidateQueries({ queryKey: totalsKey });
    },
  });

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a touch screen a short press picks the card up, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpToColumn }),
  );
  const [activeId, setActiveId] = useState<string | null>(null);

  const items = useMemo(() => cards.data?.items ?? [], [cards.data]);
  const byColumn = useMemo(() => {
    const map = new Map<string | null, ApiRecord[]>();
    for (const r of items) {
      const value = (r[group] ?? null) as string | null;
      map.set(value, [...(map.get(value) ?? []), r]);
    }
    return map;
  }, [items, group]);
  const figures = useMemo(() => columnTotals(totals.data, group, sumField), [totals.data, group, sumField]);
  const columns = boardColumns(groupBy, locale, [...byColumn.keys(), ...figures.keys()], t('kanban.noValue'));
  const columnLabel = (id: string | number | undefined) => columns.find((c) => c.id === id)?.label ?? '';
  const nameOf = (id: string | number) => {
    const record = items.find((r) => r.id === id);
    return record ? recordName(object, record) : '';
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setActiveId(null);
    const record = items.find((r) => r.id === active.id);
    const column = columns.find((c) => c.id === over?.id);
    if (!record || !column || column.closed || (record[group] ?? null) === column.value) return;
    move.mutate({ record, to: column.value, column: column.label });
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => t('kanban.a11y.picked', { name: nameOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('kanban.a11y.over', { name: nameOf(active.id), column: columnLabel(over.id) }) : t('kanban.a11y.notOver', { name: nameOf(active.id) })),
    onDragEnd: ({ active, over }) => (over ? t('kanban.a11y.dropped', { name: nameOf(active.id), column: columnLabel(over.id) }) : t('kanban.a11y.droppedNowhere', { name: nameOf(active.id) })),
    onDragCancel: ({ active }) => t('kanban.a11y.cancelled', { name: nameOf(active.id) }),
  };

  if (cards.isLoading) return <Loading />;
  if (cards.error) return <ErrorState error={cards.error} retry={() => void cards.refetch()} />;
  const active = activeId ? items.find((r) => r.id === activeId) : undefined;
  const total = totals.data?.total.count;

  return (
    <>
      {cards.data?.next_cursor && <Alert type="info" showIcon className="form-problem" title={t('kanban.truncated', { shown: items.length, total: total ?? '…' })} />}
      {totals.error ? <Alert type="warning" showIcon className="form-problem" title={(totals.error as Error).message} /> : null}
      <DndContext
        sensors={sensors}
        collisionDetection={landing}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('kanban.a11y.instructions') } }}
        onDragStart={({ active: a }) => setActiveId(String(a.id))}
        onDragCancel={() => setActiveId(null)}
        onDragEnd={onDragEnd}
      >
        <div className="kanban-board">
          {columns.map((column) => (
            <KanbanColumn
              key={column.id}
              object={object}
              column={column}
              records={byColumn.get(column.value) ?? []}
              totals={figures.get(column.value) ?? (totals.data ? { count: 0, sums: [] } : undefined)}
              cardFields={cardFields}
              showSum={!!sumField}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {active ? (
            <div className="kanban-card kanban-card-overlay">
              <CardFace object={object} record={active} fields={cardFields} color={columns.find((c) => c.value === (active[group] ?? null))?.color} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </>
  );
}
