import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, queryString } from '../api/client.ts';
import { label, type ApiRecord, type FieldDef, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { FieldValue } from './field-value.tsx';

/** `GET /api/records/:object/:id/history` (docs/http-api.md#field-history). */
interface HistoryPage {
  items: Array<{ field: string; old_value: unknown; new_value: unknown; actor: { id: string; name: string } | null; at: string }>;
  next_cursor: string | null;
}

const PAGE = 20;

/** Whether the object keeps any field history at all (fields marked `audited`). */
export function hasAuditedFields(object: ObjectDef): boolean {
  return object.fields.some((f) => (f as FieldDef & { audited?: boolean }).audited === true);
}

/** The record's activity: every change of an audited field, newest first (who, when, old → new), then its creation. */
export function ActivityTimeline({ object, record }: { object: ObjectDef; record: ApiRecord }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const history = useInfiniteQuery({
    // Under the record's own key: a save of the record refreshes its timeline.
    queryKey: ['record', object.api_name, record.id, 'history'],
    queryFn: ({ pageParam }) =>
      api<HistoryPage>('GET', `/api/records/${object.api_name}/${encodeURIComponent(record.id)}/history${queryString({ limit: PAGE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const when = (at: unknown) => dayjs(String(at)).format(locale === 'zh-CN' ? 'YYYY年M月D日 HH:mm' : 'MMM D, YYYY HH:mm');
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];

  const items = entries.map((entry, index) => {
    const field: FieldDef = object.fields.find((f) => f.api_name === entry.field) ?? { api_name: entry.field, type: 'text', label: {} };
    const empty = <span className="empty-value">{t('timeline.emptyValue')}</span>;
    return {
      key: `${entry.at}-${entry.field}-${index}`,
      children: (
        <div className="timeline-entry" data-field={entry.field}>
          <div>
            {t('timeline.changed', { who: entry.actor?.name || t('timeline.someone'), field: label(field.label, locale, field.api_name) })}
          </div>
          <div className="timeline-change">
            <span className="timeline-old">{entry.old_value === null ? empty : <FieldValue field={field} value={entry.old_value} />}</span>
            <span className="timeline-arrow" aria-hidden>
              →
            </span>
            <span className="timeline-new">{entry.new_value === null ? empty : <FieldValue field={field} value={entry.new_value} />}</span>
          </div>
          <Typography.Text type="secondary" className="timeline-when">
            {when(entry.at)}
          </Typography.Text>
        </div>
      ),
    };
  });
  if (!history.hasNextPage && !history.isLoading)
    items.push({
      key: 'created',
      children: (
        <div className="timeline-entry">
          <Typography.Text type="secondary">{t('record.created', { when: when(record.created_at) })}</Typography.Text>
        </div>
      ),
    });

  return (
    <Card size="small" title={t('timeline.title')} className="record-section activity-timeline" loading={history.isLoading}>
      {history.error ? (
        <Typography.Text type="danger">{(history.error as Error).message}</Typography.Text>
      ) : (
        <>
          {entries.length === 0 && <Typography.Paragraph type="secondary">{t('timeline.empty')}</Typography.Paragraph>}
          <Timeline items={items} />
          {history.hasNextPage && (
            <Button type="link" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
              {t('timeline.older')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
