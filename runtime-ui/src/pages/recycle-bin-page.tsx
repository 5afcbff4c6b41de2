import { Link, useParams } from 'react-router';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { App, Breadcrumb, Button, Empty, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { api, queryString } from '../api/client.ts';
import { useObject } from '../api/hooks.ts';
import { label, type ApiRecord, type ObjectDef, type RecordPage } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ErrorState, Loading } from '../shell/states.tsx';
import { FieldValue } from './field-value.tsx';

type Binned = ApiRecord & { deleted_at: string };
const PAGE = 50;
const NOT_A_COLUMN = new Set(['rich_text', 'long_text', 'json', 'multi_picklist', 'lookup', 'user']);

export default function RecycleBinPage() {
  const { object: name = '' } = useParams();
  const { object, isLoading, error } = useObject(name);
  if (isLoading) return <Loading />;
  if (error || !object) return <ErrorState error={error} />;
  return <RecycleBin key={object.api_name} object={object} />;
}

/** The object's recycle bin: the deleted records the user may read, latest deleted first, each with Restore. */
function RecycleBin({ object }: { object: ObjectDef }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const binKey = ['recycle-bin', object.api_name];
  const bin = useInfiniteQuery({
    queryKey: binKey,
    queryFn: ({ pageParam }) => api<RecordPage>('GET', `/api/records/${object.api_name}/recycle-bin${queryString({ limit: PAGE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 0,
  });
  const nameOf = (record: ApiRecord) => String(record[object.name_field] ?? '') || record.id.slice(0, 8);
  const restore = useMutation({
    mutationFn: (record: ApiRecord) => api<ApiRecord>('POST', `/api/records/${object.api_name}/${encodeURIComponent(record.id)}/restore`),
    onSuccess: (restored) => {
      void message.success(t('bin.restored', { name: nameOf(restored) }));
      void queryClient.invalidateQueries({ queryKey: binKey });
      void queryClient.invalidateQueries({ queryKey: ['records', object.api_name] });
      void queryClient.invalidateQueries({ queryKey: ['record', object.api_name, restored.id] });
    },
    onError: (err) => void message.error((err as Error).message, 6),
  });

  const plural = label(object.plural_label, locale, object.api_name);
  const others = object.fields.filter((f) => !f.archived && f.api_name !== object.name_field && !NOT_A_COLUMN.has(f.type)).slice(0, 2);
  const columns: ColumnsType<Binned> = [
    { key: 'name', title: t('bin.name'), render: (_v, record) => <span className="bin-name">{nameOf(record)}</span> },
    ...others.map((field) => ({
      key: field.api_name,
      title: label(field.label, locale, field.api_name),
      render: (_v: unknown, record: Binned) => <FieldValue field={field} value={record[field.api_name]} />,
    })),
    {
      key: 'deleted_at',
      title: t('bin.deletedAt'),
      render: (_v, record) => dayjs(record.deleted_at).format(locale === 'zh-CN' ? 'YYYY年M月D日 HH:mm' : 'MMM D, YYYY HH:mm'),
    },
    {
      key: 'restore',
      title: '',
      align: 'right',
      render: (_v, record) => (
        <Button size="small" aria-label={`${t('bin.restore')} ${nameOf(record)}`} loading={restore.isPending && restore.variables?.id === record.id} onClick={() => restore.mutate(record)}>
          {t('bin.restore')}
        </Button>
      ),
    },
  ];
  const rows = (bin.data?.pages.flatMap((p) => p.items) ?? []) as Binned[];

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to={`/o/${object.api_name}`}>{plural}</Link> }, { title: t('bin.open') }]} />
      <div className="page-head">
        <div>
          <Typography.Title level={3}>{t('bin.title', { object: plural })}</Typography.Title>
          <Typography.Text type="secondary">{t('bin.hint')}</Typography.Text>
        </div>
      </div>
      {bin.error ? (
        <ErrorState error={bin.error} retry={() => void bin.refetch()} />
      ) : (
        <Table<Binned>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={bin.isFetching && !bin.isFetchingNextPage}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: bin.isLoading ? <Loading /> : <Empty description={t('bin.empty')} /> }}
        />
      )}
      {bin.hasNextPage && (
        <div className="list-pager">
          <Button loading={bin.isFetchingNextPage} onClick={() => void bin.fetchNextPage()}>
            {t('bin.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
