import { DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { label } from '../../../runtime-ui/src/api/types.ts';
import { useLocale, useT } from '../i18n/index.ts';
import type { FieldOption } from './field-catalog.ts';
import { arity, type OperatorId } from './rule-operators.ts';

interface Props {
  name: string;
  field: FieldOption;
  op: OperatorId;
  value: unknown;
  value2: unknown;
  onChange(value: unknown, value2?: unknown): void;
}

/** The value(s) of a condition, with the input its field's kind and operator call for. */
export function ConditionValue({ name, field, op, value, value2, onChange }: Props) {
  const { t } = useT('logic');
  const n = arity(op);
  if (n === 0) return null;
  if (op === 'last_days' || op === 'next_days') {
    return (
      <Space>
        <InputNumber aria-label={`${name} ${t('days')}`} min={0} precision={0} value={typeof value === 'number' ? value : null} onChange={(x) => onChange(x ?? null)} style={{ width: 90 }} />
        <span>{t('days')}</span>
      </Space>
    );
  }
  if (n === 'list') return <One field={field} multiple value={value} onChange={(x) => onChange(x)} aria={`${name} ${t('value')}`} />;
  if (n === 2) {
    return (
      <Space>
        <One field={field} value={value} onChange={(x) => onChange(x, value2)} aria={`${name} ${t('from')}`} />
        <span>{t('and')}</span>
        <One field={field} value={value2} onChange={(x) => onChange(value, x)} aria={`${name} ${t('to')}`} />
      </Space>
    );
  }
  return <One field={field} value={value} onChange={(x) => onChange(x)} aria={`${name} ${t('value')}`} />;
}

function One({ field, value, onChange, multiple, aria }: { field: FieldOption; value: unknown; onChange(v: unknown): void; multiple?: boolean; aria: string }) {
  const { locale } = useLocale();
  const common = { 'aria-label': aria, style: { minWidth: 160 } };
  if (field.values) {
    const options = field.values.map((v) => ({ value: v.value, label: label(v.label, locale, v.value) }));
    if (multiple) return <Select {...common} mode="multiple" options={options} value={Array.isArray(value) ? (value as string[]) : []} onChange={(x: string[]) => onChange(x)} />;
    return <Select {...common} options={options} value={typeof value === 'string' ? value : undefined} onChange={(x: string) => onChange(x)} />;
  }
  if (field.kind === 'number') return <InputNumber {...common} value={typeof value === 'number' ? value : null} onChange={(x) => onChange(x ?? null)} />;
  if (field.kind === 'date') {
    return <DatePicker {...common} value={typeof value === 'string' && value ? dayjs(value) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)} />;
  }
  if (field.kind === 'datetime') {
    return (
      <DatePicker
        {...common}
        showTime
        value={typeof value === 'string' && value ? dayjs(value) : null}
        onChange={(d) => onChange(d ? d.toDate().toISOString() : null)}
      />
    );
  }
  return <Input {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
}
