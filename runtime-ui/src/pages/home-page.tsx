import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMe, useObjects } from '../api/hooks.ts';
import { label } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { useRecentRecords } from '../search/recent.ts';
import { ObjectIcon } from '../shell/object-icons.tsx';

export default function HomePage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const objects = useObjects();
  const recent = useRecentRecords(me.data);
  const objectLabel = (name: string) => label(objects.data?.find((o) => o.api_name === name)?.label, locale, name);
  return (
    <div className="page">
      <Typography.Title level={3}>{t('app.welcome', { name: me.data?.name ?? me.data?.email ?? '' })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('app.pickObject')}</Typography.Paragraph>
      <div className="home-grid">
        {(objects.data ?? []).map((o) => (
          <Link key={o.api_name} to={`/o/${o.api_name}`}>
            <Card hoverable size="small">
              <ObjectIcon name={o.icon} className="home-object-icon" />
              {label(o.plural_label, locale, o.api_name)}
            </Card>
          </Link>
        ))}
      </div>
      <Card size="small" title={t('search.recent')} className="home-recent">
        {recent.length === 0 ? (
          <Typography.Text type="secondary">{t('search.noRecent')}</Typography.Text>
        ) : (
          <ul className="home-recent-list">
            {recent.map((r) => (
              <li key={`${r.object}/${r.id}`}>
                <Link to={`/o/${r.object}/${r.id}`}>{r.name}</Link>
                <Typography.Text type="secondary" className="recent-object">
                  {objectLabel(r.object)} · {dayjs(r.at).format(locale === 'zh-CN' ? 'M月D日 HH:mm' : 'MMM D, HH:mm')}
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
