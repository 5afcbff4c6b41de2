import { useTranslation } from 'react-i18next';
import { Button, Result, Spin } from 'antd';
import { ApiError } from '../api/client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="state-loading" role="status">
      <Spin />
      <span>{t('state.loading')}</span>
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const detail = error instanceof ApiError ? error.message : error instanceof Error ? error.message : '';
  return (
    <Result
      status="warning"
      title={t('state.error')}
      subTitle={detail}
      extra={retry ? <Button onClick={retry}>{t('state.retry')}</Button> : undefined}
    />
  );
}
