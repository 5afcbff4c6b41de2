import { Alert, Descriptions, Typography } from 'antd';
import { ApiError } from '../api.ts';
import { useT } from '../i18n/index.ts';
import type { RulePreview } from './preview-api.ts';

/** A value as the preview shows it: text in quotes, null as "empty", the rest as JSON. */
export function shownValue(value: unknown, empty: string): string {
  if (value === null || value === undefined) return empty;
  if (typeof value === 'string') return `"${value}"`;
  return JSON.stringify(value);
}

/** A formula preview: the value PostgreSQL gives (as lists show it) and, when it differs, JavaScript's. */
export function FormulaPreviewResult({ result, error }: { result: RulePreview | undefined; error: Error | undefined }) {
  const { t } = useT('logic');
  if (error) return <PreviewError error={error} />;
  if (!result) return null;
  const same = JSON.stringify(result.value) === JSON.stringify(result.js_value);
  return (
    <Descriptions size="small" column={1} bordered className="formula-preview">
      <Descriptions.Item label={t('sampleRecord')}>{String(result.record.name ?? result.record.id)}</Descriptions.Item>
      <Descriptions.Item label={t('previewValue')}>
        <Typography.Text strong className="formula-preview-value">
          {shownValue(result.value, t('emptyValue'))}
        </Typography.Text>
      </Descriptions.Item>
      {!same && <Descriptions.Item label={t('jsValue')}>{shownValue(result.js_value, t('emptyValue'))}</Descriptions.Item>}
    </Descriptions>
  );
}

/** A preview the engine refused: rule errors are shown at their place by the builder; the rest here. */
export function PreviewError({ error }: { error: Error }) {
  const { t } = useT('logic');
  if (error instanceof ApiError && error.status === 422) return <Alert type="warning" showIcon title={t('fixRule')} />;
  if (error instanceof ApiError && error.code === 'record_not_found') return <Alert type="info" showIcon title={t('noRecordToPreview')} description={error.message} />;
  return <Alert type="error" showIcon title={error.message} />;
}
