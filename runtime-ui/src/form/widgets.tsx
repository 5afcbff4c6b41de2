import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DatePicker, Input, InputNumber, Select, Space, Tag } from 'antd';
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import dayjs from 'dayjs';
import { api, ApiError, queryString } from '../api/client.ts';
import type { ApiRecord, RecordPage } from '../api/types.ts';

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

/** Search-as-you-type over the target object's records (the list API's `q`, else a name filter). */
function LookupWidget(props: WidgetProps) {
  const { t } = useTranslation();
  const { target, nameField } = props.options as { target: string; nameField: string };
  const [text, setText] = useState('');
  const search = useQuery({
    queryKey: ['lookup', target, text],
    queryFn: async () => {
      const base = { limit: 20, fields: nameField, sort: nameField };
      try {
        return await api<RecordPage>('GET', `/api/records/${target}${queryString({ ...base, q: text || undefined })}`);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 400 || !text) throw err;
        const filter = JSON.stringify({ in: [text, { var: nameField }] });
        return api<RecordPage>('GET', `/api/records/${target}${queryString({ ...base, filter })}`);
      }
    },
    staleTime: 10_000,
  });
  const current = useQuery({
    queryKey: ['name', target, props.value],
    enabled: typeof props.value === 'string' && props.value.length > 0,
    queryFn: () => api<ApiRecord>('GET', `/api/records/${target}/${encodeURIComponent(String(props.value))}?fields=${nameField}`),
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const found = (search.data?.items ?? []).map((r) => ({ value: r.id, label: String(r[nameField] ?? r.id) }));
    if (current.data && !found.some((o) => o.value === current.data.id)) found.unshift({ value: current.data.id, label: String(current.data[nameField] ?? current.data.id) });
    return found;
  }, [search.data, current.data, nameField]);
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={props.value ?? undefined}
      placeholder={t('form.search')}
      allowClear
      disabled={props.disabled || props.readonly}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? undefined : t('form.noResults')}
      onChange={(v) => props.onChange(v ?? undefined)}
      options={options}
      status={props.rawErrors?.length ? 'error' : undefined}
    />
  );
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

/** HTML, sanitised by the engine when saved. */
function RichTextWidget(props: WidgetProps) {
  return <Input.TextArea id={props.id} rows={5} value={props.value ?? ''} disabled={props.disabled || props.readonly} onChange={(e) => props.onChange(e.target.value || undefined)} />;
}

function AutonumberWidget(props: WidgetProps) {
  return <Input id={props.id} value={props.value ?? ''} disabled placeholder="—" />;
}

/** A user id; picked from a list once the engine has a user directory for non-admins. */
function UserWidget(props: WidgetProps) {
  return <Input id={props.id} value={props.value ?? ''} disabled={props.disabled || props.readonly} onChange={(e) => props.onChange(e.target.value || undefined)} />;
}

/** Money: the amount and its currency code, one value {amount, currency}. */
function CurrencyField(props: FieldProps) {
  const { t } = useTranslation();
  const { currencies, defaultCurrency } = (props.uiSchema?.['ui:options'] ?? {}) as { currencies: string[] | null; defaultCurrency: string | null };
  const value = (props.formData ?? {}) as { amount?: number; currency?: string };
  const readOnly = props.readonly || props.disabled;
  const change = (next: { amount?: number; currency?: string }) => {
    const merged = { ...value, ...next };
    const empty = merged.amount === undefined || merged.amount === null;
    props.onChange(empty ? undefined : { amount: merged.amount as number, currency: merged.currency ?? defaultCurrency ?? undefined }, props.fieldPathId.path);
  };
  const codes = currencies ?? ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD'];
  // rjsf shows no label for a custom field of an object value: the field shows its own, as antd does.
  return (
    <div className="currency-field">
      <div className="ant-form-item-label">
        <label htmlFor={props.fieldPathId.$id} className={props.required ? 'ant-form-item-required' : undefined}>
          {props.schema.title}
        </label>
      </div>
    <Space.Compact className="full-width">
      <Select
        className="currency-code"
        value={value.currency ?? defaultCurrency ?? codes[0]}
        disabled={readOnly}
        onChange={(currency: string) => change({ currency })}
        options={codes.map((c) => ({ value: c, label: c }))}
        aria-label={t('form.currency')}
      />
      <InputNumber id={props.fieldPathId.$id} className="full-width" value={value.amount ?? null} disabled={readOnly} onChange={(amount) => change({ amount: amount ?? undefined })} />
    </Space.Compact>
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
