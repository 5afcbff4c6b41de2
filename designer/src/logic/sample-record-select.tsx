import { Select } from 'antd';
import type { ObjectDef } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { useRecentRecords } from './preview-api.ts';

/** Which record a preview runs on: one of the 20 most recently updated, or (empty) the latest. */
export function SampleRecordSelect({ object, value, onChange }: { object: ObjectDef; value: string | undefined; onChange(id: string | undefined): void }) {
  const { t } = useT('logic');
  const records = useRecentRecords(object);
  return (
    <Select
      aria-label={t('sampleRecord')}
      className="sample-record"
      style={{ minWidth: 240 }}
      allowClear
      loading={records.isLoading}
      placeholder={t('latestRecord')}
      value={value}
      onChange={(id: string | undefined) => onChange(id)}
      notFoundContent={t('noRecords')}
      options={(records.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
    />
  );
}
