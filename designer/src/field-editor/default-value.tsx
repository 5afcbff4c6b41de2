import { useState } from 'react';
import { Form, Input, InputNumber, Segmented, Select, Space } from 'antd';
import { useObjects, type ObjectDef, type Rule } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { RuleBuilder } from '../logic/rule-builder.tsx';
import type { DefaultMode, PicklistRow } from './field-form.ts';

type Control<T> = { value?: T; onChange?: (value: T | undefined) => void };

/** A JSON value typed as text: the value changes only when the text parses. */
function JsonInput({ value, onChange, label }: Control<unknown> & { label: string }) {
  const { t } = useT('fields');
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value)));
  const [problem, setProblem] = useState<string>();
  return (
    <>
      <Input.TextArea
        rows={2}
        aria-label={label}
        value={text}
        spellCheck={false}
        style={{ fontFamily: 'monospace', width: 360 }}
        status={problem ? 'error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setProblem(undefined);
            onChange?.(undefined);
            return;
          }
          try {
            onChange?.(JSON.parse(e.target.value) as unknown);
            setProblem(undefined);
          } catch {
            setProblem(t('notJson'));
          }
        }}
      />
      {problem && <div className="ant-form-item-explain-error">{problem}</div>}
    </>
  );
}

/** A currency default: {amount, currency}. */
function CurrencyInput({ value, onChange, currencies }: Control<{ amount?: number; currency?: string }> & { currencies: string[] }) {
  const { t } = useT('fields');
  const amount = value?.amount;
  return (
    <Space.Compact>
      <InputNumber aria-label={t('defaultValue')} value={amount} onChange={(a) => onChange?.(typeof a === 'number' ? { ...value, amount: a } : undefined)} style={{ width: 160 }} />
      <Select aria-label={t('defaultCurrency')} style={{ width: 100 }} allowClear value={value?.currency} options={currencies.map((c) => ({ value: c, label: c }))} onChange={(c: string | undefined) => onChange?.(amount === undefined ? undefined : { amount, ...(c ? { currency: c } : {}) })} />
    </Space.Compact>
  );
}

/** The input for a static default, fitting the field's type. */
function ValueInput({ type }: { type: string }) {
  const { t } = useT('fields');
  const form = Form.useFormInstance();
  const rows = (Form.useWatch('values', form) as PicklistRow[] | undefined) ?? [];
  const currencies = (Form.useWatch('currencies', form) as string[] | undefined) ?? [];
  const label = t('defaultValue');
  const options = rows.filter((r) => r.value && r.active !== false).map((r) => ({ value: r.value as string, label: r.en || r.zh || (r.value as string) }));
  const control = (() => {
    switch (type) {
      case 'long_text':
      case 'rich_text':
        return <Input.TextArea rows={2} aria-label={label} style={{ width: 360 }} />;
      case 'integer':
        return <InputNumber aria-label={label} precision={0} style={{ width: 200 }} />;
      case 'decimal':
      case 'percent':
        return <InputNumber aria-label={label} style={{ width: 200 }} />;
      case 'currency':
        return <CurrencyInput currencies={currencies} />;
      case 'boolean':
        return <Select aria-label={label} style={{ width: 120 }} options={[{ value: true, label: t('common:yes') }, { value: false, label: t('common:no') }]} />;
      case 'date':
        return <Input type="date" aria-label={label} style={{ width: 200 }} />;
      case 'datetime':
        return <Input aria-label={label} placeholder="2026-03-01T09:30:00+08:00" style={{ width: 280 }} />;
      case 'picklist':
        return <Select aria-label={label} style={{ width: 220 }} options={options} />;
      case 'multi_picklist':
        return <Select aria-label={label} mode="multiple" style={{ width: 320 }} options={options} />;
      case 'lookup':
      case 'user':
        return <Input aria-label={label} placeholder={t('recordId')} style={{ width: 360 }} />;
      case 'json':
        return <JsonInput label={label} />;
      default:
        return <Input aria-label={label} style={{ width: 280 }} />;
    }
  })();
  return (
    <Form.Item name="default" noStyle>
      {control}
    </Form.Item>
  );
}

function RuleField({ value, onChange, object, objects, returnType }: Control<Rule> & { object: ObjectDef; objects: ObjectDef[]; returnType: string }) {
  return <RuleBuilder object={object} objects={objects} value={value} onChange={(rule) => onChange?.(rule)} returnType={returnType} />;
}

/** A field's default on create: none, a static value (`default`), or a JSON-logic rule (`default_rule`). */
export function DefaultValue({ type, object }: { type: string; object: ObjectDef }) {
  const { t } = useT('fields');
  const form = Form.useFormInstance();
  const objects = useObjects().data ?? [];
  const mode = (Form.useWatch('default_mode', form) as DefaultMode | undefined) ?? 'none';
  return (
    <div className="default-value" style={{ margin: '8px 0 16px' }}>
      <Form.Item name="default_mode" label={t('default')} style={{ marginBottom: 8 }}>
        <Segmented<DefaultMode>
          options={[
            { value: 'none', label: t('defaultNone') },
            { value: 'value', label: t('defaultStatic') },
            { value: 'rule', label: t('defaultRule') },
          ]}
        />
      </Form.Item>
      {mode === 'value' && <ValueInput key={type} type={type} />}
      {mode === 'rule' && (
        <Form.Item name="default_rule" extra={t('defaultRuleHelp')}>
          <RuleField object={object} objects={objects} returnType={type} />
        </Form.Item>
      )}
    </div>
  );
}
