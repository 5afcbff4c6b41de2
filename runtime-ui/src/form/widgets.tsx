import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { DatePicker, Input, InputNumber, Select, Skeleton, Space, Tag } from 'antd';
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import dayjs from 'dayjs';
import { LookupPicker } from './lookup-picker.tsx';
import { UserPicker } from './user-picker.tsx';

const RichTextEditor = lazy(() => import('./rich-text-editor.tsx'));

/** Widgets named by the engine's uiSchema (contracts/form-widgets.ts). */

interface Choice {
  value: string;
  label: string;
  color?: string;
}

const choicesOf = (props: WidgetProps): Choice[] => ((props.options as { values?: Choice[] }).values ?? []);

function Dot({ color }: { color?: string }) {
  return <span className="pick-dot" style={{ background: color ?? '#d9d9d9' }} />;
}

function PicklistWidget(props: WidgetProps) {
  const choices = choicesOf(props);
  return (
    <Select
      id={props.id}
      value={props.value ?? undefined}
      disabled={props.disabled || props.readonly}
      allowClear={!props.required}
      onChange={(v) => props.onChange(v ?? undefined)}
      onBlur={() => props.onBlur(props.id, props.value)}
      status={props.rawErrors?.length ? 'error' : undefined}
      options={choices.map((c) => ({
        value: c.value,
        label: (
          <span className="pick-option">
            <Dot color={c.color} /> {c.label}
          </span>
        ),
      }))}
    />
  );
}

function MultiPicklistWidget(props: WidgetProps) {
  const choices = choicesOf(props);
  const byValue = new Map(choices.map((c) => [c.value, c]));
  return (
    <Select
      id={props.id}
      mode="multiple"
      value={(props.value as string[] | undefined) ?? []}
      disabled={props.disabled || props.readonly}
      onChange={(v: string[]) => props.onChange(v.length ? v : undefined)}
      options={choices.map((c) => ({ value: c.value, label: c.label }))}
      tagRender={({ value, closable, onClose }) => (
        <Tag color={byValue.get(String(value))?.color} closable={closable} onClose={onClose}>
          {byValue.get(String(value))?.label ?? String(value)}
        </Tag>
      )}
    />
  );
}

function LookupWidget(props: WidgetProps) {
  const { target, nameField } = props.options as { target: string; nameField: string };
  return <LookupPicker id={props.id} target={target} nameField={nameField} value={props.value ?? undefined} onChange={props.onChange} disabled={props.disabled || props.readonly} invalid={!!props.rawErrors?.length} />;
}

function PercentWidget(props: WidgetProps) {
  return (
    <Space.Compact className="full-width">
      <InputNumber id={props.id} className="full-width" value={props.value ?? null} disabled={props.disabled || props.readonly} onChange={(v) => props.onChange(v ?? undefined)} status={props.rawErrors?.length ? 'error' : undefined} />
      <Space.Addon>%</Space.Addon>
    </Space.Compact>
  );
}

function DateWidget(props: WidgetProps) {
  return (
    <DatePicker
      id={props.id}
      className="full-width"
      value={props.value ? dayjs(String(props.value)) : null}
      disabled={props.disabled || props.readonly}
      onChange={(d) => props.onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      status={props.rawErrors?.length ? 'error' : undefined}
    />
  );
}

/** Shown and picked in the browser's time zone, stored in UTC. */
function DateTimeWidget(props: WidgetProps) {
  return (
    <DatePicker
      id={props.id}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      className="full-width"
      value={props.value ? dayjs(String(props.value)) : null}
      disabled={props.disabled || props.readonly}
      onChange={(d) => props.onChange(d ? d.toDate().toISOString() : undefined)}
      status={props.rawErrors?.length ? 'error' : undefined}
    />
  );
}

/** HTML in a rich-text editor, loaded with the first rich-text field (sanitised again by the engine when saved). */
function RichTextWidget(props: WidgetProps) {
  return (
    <Suspense fallback={<Skeleton.Input active block className="rich-editor-loading" />}>
      <RichTextEditor
        id={props.id}
        value={props.value ?? undefined}
        onChange={props.onChange}
        onBlur={() => props.onBlur(props.id, props.value)}
        ariaLabel={props.label}
        disabled={props.disabled || props.readonly}
        invalid={!!props.rawErrors?.length}
      />
    </Suspense>
  );
}

function AutonumberWidget(props: WidgetProps) {
  return <Input id={props.id} value={props.value ?? ''} disabled placeholder="—" />;
}

/** A colleague, searched by name or email (the user directory, GET /api/users). */
function UserWidget(props: WidgetProps) {
  return <UserPicker id={props.id} value={props.value ?? undefined} onChange={props.onChange} ariaLabel={props.label} disabled={props.disabled || props.readonly} invalid={!!props.rawErrors?.length} />;
}

/** Money: the amount and its currency code, one value {amount, currency}. */
/** The messages of a field and of its parts (a currency's amount and code): a custom field shows them itself. */
function messagesOf(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) => (key === '__errors' && Array.isArray(value) ? value.map(String) : messagesOf(value)));
}

function CurrencyField(props: FieldProps) {
  const { t } = useTranslation();
  const { currencies, defaultCurrency } = (props.uiSchema?.['ui:options'] ?? {}) as { currencies: string[] | null; defaultCurrency: string | null };
  const value = (props.formData ?? {}) as { amount?: number; currency?: string };
  const readOnly = props.readonly || props.disabled;
  const codes = currencies ?? ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD'];
  // The code shown is the code saved: the field's default, else the first offered.
  const shownCode = value.currency ?? defaultCurrency ?? codes[0];
  const change = (next: { amount?: number; currency?: string }) => {
    const merged = { ...value, ...next };
    const empty = merged.amount === undefined || merged.amount === null;
    props.onChange(empty ? undefined : { amount: merged.amount as number, currency: merged.currency ?? shownCode }, props.fieldPathId.path);
  };
  const errors = [...new Set(messagesOf(props.errorSchema))];
  // rjsf shows no label for a custom field of an object value: the field shows its own, as antd does.
  return (
    <div className={`currency-field${errors.length ? ' ant-form-item-has-error' : ''}`}>
      <div className="ant-form-item-label">
        <label htmlFor={props.fieldPathId.$id} className={props.required ? 'ant-form-item-required' : undefined}>
          {props.schema.title}
        </label>
      </div>
      <Space.Compact className="full-width">
        <Select
          className="currency-code"
          value={shownCode}
          disabled={readOnly}
          onChange={(currency: string) => change({ currency })}
          options={codes.map((c) => ({ value: c, label: c }))}
          aria-label={t('form.currency')}
          status={errors.length ? 'error' : undefined}
        />
        <InputNumber id={props.fieldPathId.$id} className="full-width" value={value.amount ?? null} disabled={readOnly} onChange={(amount) => change({ amount: amount ?? undefined })} status={errors.length ? 'error' : undefined} />
      </Space.Compact>
      {errors.length > 0 && <div className="ant-form-item-explain-error">{errors.join('; ')}</div>}
    </div>
  );
}

export const widgets: RegistryWidgetsType = {
  picklist: PicklistWidget,
  multi_picklist: MultiPicklistWidget,
  lookup: LookupWidget,
  user: UserWidget,
  percent: PercentWidget,
  date: DateWidget,
  datetime: DateTimeWidget,
  rich_text: RichTextWidget,
  autonumber: AutonumberWidget,
};

export const fields: RegistryFieldsType = { currency: CurrencyField };
