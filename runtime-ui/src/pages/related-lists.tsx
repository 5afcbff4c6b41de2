import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api, ApiError, queryString } from '../api/client.ts';
import { useObjects } from '../api/hooks.ts';
import { label, type ApiRecord, type FieldDef, type LocalizedText, type ObjectDef, type RecordPage } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { FieldValue } from './field-value.tsx';

/** `GET /api/meta/objects/:object` → `related`: the lists of records pointing at this one (docs/http-api.md#related-lists). */
export interface RelatedListDef {
  object: string;
  field: string;
  label: LocalizedText;
}

const FIRST = 5;
const MORE = 20;
const NOT_A_COLUMN = new Set(['rich_text', 'long_text', 'json', 'multi_picklist']);

export function useRelatedLists(object: string) {
  return useQuery({
    queryKey: ['object-meta', object],
    queryFn: async () => (await api<{ related?: RelatedListDef[] }>('GET', `/api/meta/objects/${encodeURIComponent(object)}`)).related ?? [],
    staleTime: 60_000,
  });
}

/** Each related list of the record, as a card with a New button that opens the child's form with the lookup filled in. */
export function RelatedLists({ object, id }: { object: ObjectDef; id: string }) {
  const lists = useRelatedLists(object.api_name);
  const objects = useObjects();
  return (
    <>
      {(lists.data ?? []).map((list) => {
        const child = objects.data?.find((o) => o.api_name === list.object);
        return child ? <RelatedList key={`${list.object}.${list.field}`} parent={object} id={id} child={child} list={list} /> : null;
      })}
    </>
  );
}

/** The child's name field, then up to three other fields that read well in a row (not the lookup: it is this record). */
function columnsOf(child: ObjectDef, via: string): FieldDef[] {
  const active = child.fields.filter((f) => !f.archived && !NOT_A_COLUMN.has(f.type) && f.api_name !== via);
  const name = active.find((f) => f.api_name === child.name_field);
  return [...(name ? [name] : []), ...active.filter((f) => f !== name).slice(0, 3)];
}

function RelatedList({ parent, id, child, list }: { parent: ObjectDef; id: string; child: ObjectDef; list: RelatedListDef }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [limit, setLimit] = useState(FIRST);
  const fields = columnsOf(child, list.field);
  const lookups = fields.filter((f) => f.type === 'lookup').map((f) => f.api_name);
  const filter = JSON.stringify({ '==': [{ var: list.field }, id] });
  // Under ['records', child]: saving a child anywhere refreshes the list.
  const rows = useQuery({
    queryKey: ['records', child.api_name, 'related', parent.api_name, id, list.field, limit],
    queryFn: () =>
      api<RecordPage>(
        'GET',
        `/api/records/${parent.api_name}/${encodeURIComponent(id)}/related/${child.api_name}${queryString({
          via: list.field,
          limit,
          sort: '-created_at',
          fields: fields.map((f) => f.api_name).join(','),
          expand: lookups.join(',') || undefined,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const count = useQuery({
    queryKey: ['records', child.api_name, 'related-count', parent.api_name, id, list.field],
    queryFn: () => api<{ count: number; exact: boolean }>('GET', `/api/records/${child.api_name}/count?filter=${encodeURIComponent(filter)}`),
  });
  // A child the user may not read has no list for them.
  if (rows.error instanceof ApiError && rows.error.status === 403) return null;

  const title = label(list.label, locale, child.api_name);
  const columns: ColumnsType<ApiRecord> = fields.map((field) => ({
    key: field.api_name,
    dataIndex: field.api_name,
    title: label(field.label, locale, field.api_name),
    align: ['integer', 'decimal', 'percent', 'currency'].includes(field.type) ? 'right' : undefined,
    render: (value: unknown, record) =>
      field.api_name === child.name_field ? (
        <Link to={`/o/${child.api_name}/${record.id}`}>{value ? String(value) : record.id.slice(0, 8)}</Link>
      ) : (
        <FieldValue field={field} value={value} />
      ),
  }));

  return (
    <Card
      size="small"
      className="record-section related-list"
      data-related={`${child.api_name}.${list.field}`}
      title={
        <span className="related-title">
          {title}
          {count.data && <span className="related-count">{count.data.count}</span>}
        </span>
      }
      extra={
        <Button size="small" aria-label={`${t('related.new')}: ${title}`} onClick={() => navigate(`/o/${child.api_name}/new?${new URLSearchParams({ [list.field]: id })}`)}>
          {t('related.new')}
        </Button>
      }
    >
      {rows.error ? (
        <Typography.Text type="danger">{t('related.failed')}</Typography.Text>
      ) : (
        <Table<ApiRecord>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows.data?.items ?? []}
          loading={rows.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('related.empty') }}
        />
      )}
      {rows.data?.next_cursor && (
        <Button type="link" className="related-more" onClick={() => setLimit((n) => Math.min(n + MORE, 200))}>
          {t('related.more')}
        </Button>
      )}
    </Card>
  );
}
