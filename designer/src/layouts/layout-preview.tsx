import { lazy, Suspense, useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Alert, Card, Spin, Typography } from 'antd';
import { createI18n } from '../../../runtime-ui/src/i18n/i18n.ts';
import type { Locale } from '../../../runtime-ui/src/api/types.ts';
import { useLocale, useT } from '../i18n/index.ts';
import type { LayoutPreviewState } from './use-layout-preview.ts';

// react-jsonschema-form and ajv: a chunk of their own, loaded when a layout is first previewed.
const PreviewForm = lazy(() => import('./preview-form.tsx'));

/**
 * The live preview: the form of /app for the layout on screen, rendered by /app's own form parts
 * (runtime-ui/src/form) in /app's words, so what is seen here is what users get.
 */
export function LayoutPreview({ preview, data, onData }: { preview: LayoutPreviewState; data: Record<string, unknown>; onData: (data: Record<string, unknown>) => void }) {
  const { t } = useT('layouts');
  const { locale } = useLocale();
  const appI18n = useMemo(() => createI18n(locale as Locale), [locale]);
  return (
    <Card size="small" className="layout-preview" title={t('preview')} extra={preview.loading ? <Spin size="small" /> : null}>
      <Typography.Paragraph type="secondary">{t('previewHelp')}</Typography.Paragraph>
      {preview.failure && <Alert type="error" showIcon title={t('previewFailed', { message: preview.failure.message })} />}
      {preview.problems.length > 0 && <Alert type="warning" showIcon className="preview-stale" title={t('previewStale')} />}
      {preview.form ? (
        <I18nextProvider i18n={appI18n}>
          <Suspense fallback={<Spin />}>
            <div className={`preview-form${preview.stale ? ' is-stale' : ''}`} data-layout={preview.form.layout.api_name}>
              <PreviewForm form={preview.form} data={data} onData={onData} />
            </div>
          </Suspense>
        </I18nextProvider>
      ) : (
        !preview.failure && <Spin />
      )}
    </Card>
  );
}
