import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Typography } from 'antd';
import { useMe, useObjects } from '../api/hooks.ts';
import { label } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';

export default function HomePage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const objects = useObjects();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('app.welcome', { name: me.data?.name ?? me.data?.email ?? '' })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('app.pickObject')}</Typography.Paragraph>
      <div className="home-grid">
        {(objects.data ?? []).map((o) => (
          <Link key={o.api_name} to={`/o/${o.api_name}`}>
            <Card hoverable size="small">
              {label(o.plural_label, locale, o.api_name)}
            </Card>
          </Link>
        ))}
      </div>
    </div>
  );
}
