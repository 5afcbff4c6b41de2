import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DatePicker, Input, InputNumber, Select, Skeleton, Space } from 'antd';
import dayjs from 'dayjs';
import { useObjects } from '../api/hooks.ts';
import { label, type FieldDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { LookupPicker } from '../form/lookup-picker.tsx';
import { UserPicker } from '../form/user-picker.tsx';

const RichTextEditor = lazy(() => import('../form/rich-text-editor.tsx'));

export interface Money {
  amount: number;
  currency: string;
}
export type MassValue = string | number | boolean | string[] | Money | undefined;

/** Field types a mass update can set: every type the form edits except generated ones (autonumber, formula, roll-up). */
export const MASS_UPDATABLE = new Set(['text', 'email', 'phone', 'url', 'long_text', 'rich_text', 'integer', 'decimal', 'percent', 'currency', 'date', 'datetime', 'picklist', 'multi_picklist', 'boolean', 'lookup', 'user']);

/** A value is given: not empty text, an empty list or money without an amount. */
export function hasValue(value: MassValue): boolean {
  if (value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return typeof value.amount === 'number';
  return true;
}

const DEFAULT_CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD'];

function MoneyInput({ field, value, onChange, ariaLabel }: { field: FieldDef; value: Money | undefined; onChange(value: Money | undefined): void; ariaLabel: string }) {
  const { t } = useTranslation();
  const { currencies, default_currency: fallback } = field as FieldDef & { currencies?: string[] | null; default_currency?: string | null };
  const codes = currencies?.length ? currencies : DEFAULT_CURRENCIES;
  const [chosen, setChosen] = useState(fallback ?? codes[0] ?? 'CNY');
  const currency = value?.currency ?? chosen;
  return (
    <Space.Compact className="full-width">
      <Select
        className="currency-code"
        value={currency}
        aria-label={t('form.currency')}
        onChange={(code: string) => {
          setChosen(code);
          if (value) onChange({ ...value, currency: code });
        }}
        options={codes.map((c) => ({ value: c, label: c }))}
      />
      <InputNumber className="full-width" value={value?.amount ?? null} aria-label={ariaLabel} onChange={(amount) => onChange(typeof amount === 'number' ? { amount, currency } : undefined)} />
    </Space.Compact>
  );
}

/** The input of a mass update's new value, one per field type, as the form's. */
export function MassValueInput({ field, value, onChange, ariaLabel }: { field: FieldDef; value: MassValue; onChange(value: MassValue): void; ariaLabel: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const objects = useObjects();
  const choices = (field.values ?? []).filter((v) => v.active !== false);
  switch (field.type) {
    case 'picklist':
    case 'multi_picklist':
      return (
        <Select
          className="full-width"
          mode={field.type === 'multi_picklist' ? 'multiple' : undefined}
          value={value as string | string[] | undefined}
          onChange={(v: string | string[]) => onChange(v)}
          aria-label={ariaLabel}
          options={choices.map((v) => ({
            value: v.value,
            label: (
              <span className="pick-option">
                <span className="pick-dot" style={{ background: v.color ?? '#d9d9d9' }} /> {label(v.label, locale, v.value)}
              </span>
            ),
          }))}
        />
      );
    case 'boolean':
      return (
        <Select
          className="full-width"
          value={value as boolean | undefined}
          onChange={(v: boolean) => onChange(v)}
          aria-label={ariaLabel}
          options={[
            { value: true, label: t('form.yes') },
            { value: false, label: t('form.no') },
          ]}
        />
      );
    case 'integer':
    case 'decimal':
    case 'percent':
      return <InputNumber className="full-width" value={value as number | undefined} onChange={(v) => onChange(v ?? undefined)} aria-label={ariaLabel} suffix={field.type === 'percent' ? '%' : undefined} />;
    case 'currency':
      return <MoneyInput field={field} value={value as Money | undefined} onChange={onChange} ariaLabel={ariaLabel} />;
    case 'date':
      return <DatePicker className="full-width" aria-label={ariaLabel} value={value ? dayjs(String(value)) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} />;
    case 'datetime':
      return <DatePicker className="full-width" aria-label={ariaLabel} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={value ? dayjs(String(value)) : null} onChange={(d) => onChange(d ? d.toDate().toISOString() : undefined)} />;
    case 'lookup': {
      const target = objects.data?.find((o) => o.api_name === field.target);
      if (!target) return <Skeleton.Input active block />;
      return <LookupPicker className="full-width" target={target.api_name} nameField={target.name_field} value={value as string | undefined} onChange={onChange} ariaLabel={ariaLabel} />;
    }
    case 'user':
      return <UserPicker value={value as string | undefined} onChange={onChange} ariaLabel={ariaLabel} />;
    case 'long_text':
      return <Input.TextArea rows={4} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel} />;
    case 'rich_text':
      return (
        <Suspense fallback={<Skeleton.Input active block />}>
          <RichTextEditor value={value as string | undefined} onChange={onChange} ariaLabel={ariaLabel} />
        </Suspense>
      );
    default:
      return <Input value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel} />;
  }
}
