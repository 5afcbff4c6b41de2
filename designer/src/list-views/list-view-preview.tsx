import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { api, ApiError, type ListViewDef, type ObjectDef } from '../api.ts';
import { queryString } from '../../../runtime-ui/src/api/client.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { columnLabel } from './column-options.ts';
import { previewValue } from './preview-value.ts';

const ROWS = 10;
const USER_COLUMNS = new Set(['owner_id', 'created_by', 'updated_by']);

/** `value`, once it has stood still for `ms`: the preview is not asked for at every keystroke. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The first rows the view would list for the admin (GET /api/records/:object with its filter, sort and columns). */
export function ListViewPreview({ object, objects, view }: { object: ObjectDef; objects: ObjectDef[]; view: ListViewDef }) {
  const { t } = useT('listViews');
  const { locale } = useLocale();
  const params = useSettled(JSON.stringify({ filter: view.filter, sort: view.sort, columns: view.columns }), 400);
  const rows = useQuery({
    queryKey: ['list-view-preview', object.api_name, params],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { filter, sort, columns } = JSON.parse(params) as Pick<ListViewDef, 'filter' | 'sort' | 'columns'>;
      const lookups = columns.filter((c) => USER_COLUMNS.has(c) || ['lookup', 'user'].includes(object.fields.find((f) => f.api_name === c)?.type ?? ''));
      const query = queryString({
        limit: ROWS,
        fields: columns.join(','),
        sort,
        filter: filter === undefined ? undefined : JSON.stringify(filter),
        expand: lookups.slice(0, 10).join(','),
      });
      return (await api<{ items: Array<Record<string, unknown> & { id: string }> }>('GET', `/api/records/${encodeURIComponent(object.api_name)}${query}`)).items;
    },
  });
  const error = rows.error;
  return (
    <div className="list-view-preview">
      <Typography.Text type="secondary">{t('previewHint', { count: ROWS })}</Typography.Text>
      {error ? (
        <Alert
          type="error"
          showIcon
          className="preview-error"
          title={error.message}
          description={error instanceof ApiError && error.errors.length > 0 ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : undefined}
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          className="preview-table"
          loading={rows.isFetching}
          pagination={false}
          dataSource={rows.data ?? []}
          locale={{ emptyText: t('previewEmpty') }}
          scroll={{ x: true }}
          columns={view.columns.map((c) => ({
            key: c,
            title: columnLabel(object, c, locale),
            render: (_: unknown, record: Record<string, unknown>) => previewValue(record[c], object.fields.find((f) => f.api_name === c), objects, locale),
          }))}
        />
      )}
    </div>
  );
}
