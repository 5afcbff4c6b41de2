import { useTranslation } from 'react-i18next';
import { Input, InputNumber, Select } from 'antd';
import { label, type FieldDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';

export type SimpleValue = string | number | boolean | undefined;

/** The input for one value of a field in a filter condition (retired picklist values too: old records may hold them). A mass update has its own: mass-value-input.tsx. */
export function ValueInput({ field, value, onChange, ariaLabel, className }: { field: FieldDef; value: SimpleValue; onChange(value: SimpleValue): void; ariaLabel: string; className?: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (field.type === 'picklist')
    return (
      <Select
        className={className}
        value={value as string | undefined}
        onChange={(v: string) => onChange(v)}
        options={(field.values ?? []).map((v) => ({
          value: v.value,
          label: (
            <span className="pick-option">
              <span className="pick-dot" style={{ background: v.color ?? '#d9d9d9' }} /> {label(v.label, locale, v.value)}
            </span>
          ),
        }))}
        aria-label={ariaLabel}
      />
    );
  if (field.type === 'boolean')
    return (
      <Select
        className={className}
        value={value as boolean | undefined}
        onChange={(v: boolean) => onChange(v)}
        options={[
          { value: true, label: t('form.yes') },
          { value: false, label: t('form.no') },
        ]}
        aria-label={ariaLabel}
      />
    );
  if (['integer', 'decimal', 'percent'].includes(field.type))
    return <InputNumber className={className} value={value as number | undefined} onChange={(v) => onChange(v ?? undefined)} aria-label={ariaLabel} />;
  return <Input className={className} type={field.type === 'date' ? 'date' : 'text'} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel} />;
}
