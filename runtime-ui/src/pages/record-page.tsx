import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { App, Breadcrumb, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, ApiError } from '../api/client.ts';
import { useForm, useMe, useObject } from '../api/hooks.ts';
import { label, type ApiRecord, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ErrorState, Loading } from '../shell/states.tsx';
import { FieldValue } from './field-value.tsx';
import { ruleHolds } from '../form/live-rules.ts';
import { forgetRecord, rememberRecord } from '../search/recent.ts';
import { ActivityTimeline, hasAuditedFields } from './activity-timeline.tsx';
import { RelatedLists } from './related-lists.tsx';
import './record.css';

export default function RecordPage() {
  const { object: name = '', id = '' } = useParams();
  const { object, isLoading, error } = useObject(name);
  if (isLoading) return <Loading />;
  if (error || !object) return <ErrorState error={error} />;
  return <RecordView object={object} id={id} />;
}

function RecordView({ object, id }: { object: ObjectDef; id: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const form = useForm(object.api_name, 'update', locale);
  const lookups = object.fields.filter((f) => f.type === 'lookup' && !f.archived).map((f) => f.api_name);
  const record = useQuery({
    queryKey: ['record', object.api_name, id],
    queryFn: () => api<ApiRecord>('GET', `/api/records/${object.api_name}/${encodeURIComponent(id)}${lookups.length ? `?expand=${lookups.join(',')}` : ''}`),
  });
  const me = useMe().data;
  const data = record.data;
  const title = data ? String(data[object.name_field] ?? '') || data.id.slice(0, 8) : '';
  // Recently viewed: this browser remembers the last 10 records the user opened (and forgets one that is gone).
  const missing = record.error instanceof ApiError && record.error.status === 404;
  useEffect(() => {
    if (!me) return;
    if (title) rememberRecord(me, { object: object.api_name, id, name: title });
    else if (missing) forgetRecord(me, object.api_name, id);
  }, [me, object.api_name, id, title, missing]);
  const remove = useMutation({
    mutationFn: (version: number) => api('DELETE', `/api/records/${object.api_name}/${encodeURIComponent(id)}`, undefined, { 'if-match': `"${version}"` }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['records', object.api_name] });
      void message.success(t('record.deleted'));
      navigate(`/o/${object.api_name}`);
    },
    onError: (err) => void message.error(err instanceof ApiError && err.status === 412 ? t('form.conflict') : (err as Error).message),
  });

  if (record.isLoading || form.isLoading) return <Loading />;
  if (missing) return <Result status="404" title={t('record.notFound')} extra={<Link to={`/o/${object.api_name}`}>{t('record.back')}</Link>} />;
  if (record.error || !data) return <ErrorState error={record.error} retry={() => void record.refetch()} />;
  if (form.error || !form.data) return <ErrorState error={form.error} />;
  const fields = new Map(object.fields.map((f) => [f.api_name, f]));
  const plural = label(object.plural_label, locale, object.api_name);

  const confirmDelete = () =>
    modal.confirm({
      title: t('record.deleteConfirm'),
      content: t('record.deleteHint'),
      okText: t('record.delete'),
      okButtonProps: { danger: true },
      cancelText: t('record.cancel'),
      onOk: () => remove.mutateAsync(data.version),
    });

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to={`/o/${object.api_name}`}>{plural}</Link> }, { title }]} />
      <div className="page-head record-head">
        <div>
          <Typography.Text type="secondary">{label(object.label, locale, object.api_name)}</Typography.Text>
          <Typography.Title level={3} className="record-title">
            {title}
          </Typography.Title>
          <Typography.Text type="secondary" className="record-stamps">
            {t('record.updated', { when: dayjs(String(data.updated_at)).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
        </div>
        <Space>
          <Button type="primary" onClick={() => navigate(`/o/${object.api_name}/${data.id}/edit`)}>
            {t('record.edit')}
          </Button>
          <Button danger onClick={confirmDelete}>
            {t('record.delete')}
          </Button>
        </Space>
      </div>
      <div className={`record-body${hasAuditedFields(object) ? ' record-body-with-side' : ''}`}>
        <div className="record-main">
          {form.data.layout.sections.map((section, index) => (
            <Card key={index} title={section.label} size="small" className="record-section">
              <Descriptions column={{ xs: 1, sm: 1, md: section.columns }} size="small" layout="vertical">
                {section.fields.map((item) => {
                  const field = fields.get(item.field);
                  // A field whose layout rule hides it in the form is not shown here either.
                  if (!field || !(item.field in data) || (item.visible_if !== undefined && ruleHolds(item.visible_if, data) === false)) return null;
                  return (
                    <Descriptions.Item key={item.field} label={String(form.data.schema.properties[item.field]?.title ?? label(field.label, locale, field.api_name))}>
                      <FieldValue field={field} value={data[item.field]} />
                    </Descriptions.Item>
                  );
                })}
              </Descriptions>
            </Card>
          ))}
          <RelatedLists object={object} id={data.id} />
        </div>
        {hasAuditedFields(object) && (
          <aside className="record-side">
            <ActivityTimeline object={object} record={data} />
          </aside>
        )}
      </div>
    </div>
  );
}
