import { useEffect } from 'react';
import { Form, InputNumber, Select, Space, Typography } from 'antd';
import { useObjects, type FieldDef, type ObjectDef, type Rule } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { useLabel } from '../labels.ts';
import { RuleBuilder } from '../logic/rule-builder.tsx';
import { ROLLUP_DATES, ROLLUP_SUMMABLE } from './field-types.ts';

const SYSTEM_DATES = ['created_at', 'updated_at'];

/** What a roll-up of `field` gives: a number, a date or a date-time (its `return_type`). */
function resultOf(field: FieldDef | undefined, name: string | undefined): string {
  if (name && SYSTEM_DATES.includes(name)) return 'datetime';
  if (!field) return 'number';
  if (field.type === 'date' || (field.type === 'formula' && field.return_type === 'date')) return 'date';
  if (field.type === 'datetime' || (field.type === 'formula' && (field.return_type === 'date-time' || field.return_type === 'datetime'))) return 'datetime';
  if (field.type === 'rollup') return String(field.return_type ?? 'number');
  return 'number';
}

/** Child fields a function can summarise: numbers for sum; numbers, dates and the system dates for min/max. */
function fitting(child: ObjectDef, fn: string): FieldDef[] {
  return child.fields.filter((f) => {
    if (f.archived) return false;
    const number = ROLLUP_SUMMABLE.has(f.type) || (f.type === 'formula' && f.return_type === 'number');
    if (fn === 'sum') return number && !(f.type === 'rollup' && f.return_type !== undefined && f.return_type !== 'number');
    return number || ROLLUP_DATES.has(f.type) || (f.type === 'formula' && ['date', 'date-time', 'datetime'].includes(String(f.return_type)));
  });
}

/** A rule edited by the shared RuleBuilder, as a form control (value / onChange from Form.Item). */
function RuleField({ value, onChange, object, objects }: { value?: Rule; onChange?: (rule: Rule | undefined) => void; object: ObjectDef; objects: ObjectDef[] }) {
  return <RuleBuilder object={object} objects={objects} value={value} onChange={(rule) => onChange?.(rule)} />;
}

/** Roll-up summary: the child object, its lookup to this one, count/sum/min/max of a child field, an optional filter. */
export function RollupSettings({ object }: { object: ObjectDef }) {
  const { t } = useT('fields');
  const label = useLabel();
  const form = Form.useFormInstance();
  const all = useObjects().data ?? [];
  const childName = Form.useWatch('child_object', form) as string | undefined;
  const fn = (Form.useWatch('function', form) as string | undefined) ?? 'count';
  const fieldName = Form.useWatch('rollup_field', form) as string | undefined;
  const lookupsTo = (o: ObjectDef) => o.fields.filter((f) => !f.archived && f.type === 'lookup' && f.target === object.api_name);
  const children = all.filter((o) => lookupsTo(o).length > 0);
  const child = children.find((o) => o.api_name === childName);
  const vias = child ? lookupsTo(child) : [];
  const fields = child ? fitting(child, fn) : [];
  const result = resultOf(fields.find((f) => f.api_name === fieldName), fieldName);
  useEffect(() => {
    // One lookup to this object: it is the one.
    if (child && vias.length === 1 && form.getFieldValue('via') !== vias[0]?.api_name) form.setFieldValue('via', vias[0]?.api_name);
  }, [child, vias, form]);
  useEffect(() => {
    if (fn !== 'count') form.setFieldValue('rollup_return', result);
  }, [fn, result, form]);
  if (children.length === 0) return <Typography.Paragraph type="warning">{t('rollupNoChildren', { object: label(object.label, object.api_name) })}</Typography.Paragraph>;
  return (
    <>
      <Space wrap align="start">
        <Form.Item name="child_object" label={t('childObject')} rules={[{ required: true, message: t('childObjectRequired') }]}>
          <Select aria-label={t('childObject')} style={{ width: 200 }} options={children.map((o) => ({ value: o.api_name, label: label(o.label, o.api_name) }))} onChange={() => form.setFieldsValue({ via: undefined, rollup_field: undefined, filter: undefined })} />
        </Form.Item>
        <Form.Item name="via" label={t('via')} rules={[{ required: true, message: t('viaRequired') }]}>
          <Select aria-label={t('via')} style={{ width: 200 }} options={vias.map((f) => ({ value: f.api_name, label: `${label(f.label, f.api_name)} (${f.api_name})` }))} />
        </Form.Item>
        <Form.Item name="function" label={t('function')}>
          <Select aria-label={t('function')} style={{ width: 160 }} options={['count', 'sum', 'min', 'max'].map((v) => ({ value: v, label: t(`fn_${v}`) }))} />
        </Form.Item>
        {fn !== 'count' && (
          <Form.Item name="rollup_field" label={t('rollupField')} rules={[{ required: true, message: t('rollupFieldRequired') }]}>
            <Select
              aria-label={t('rollupField')}
              style={{ width: 220 }}
              options={[
                ...fields.map((f) => ({ value: f.api_name, label: `${label(f.label, f.api_name)} (${f.api_name})` })),
                ...(fn === 'sum' ? [] : SYSTEM_DATES.map((s) => ({ value: s, label: t(`system_${s}`) }))),
              ]}
            />
          </Form.Item>
        )}
        {fn !== 'count' && result === 'number' && (
          <Form.Item name="scale" label={t('scale')}>
            <InputNumber min={0} max={15} placeholder="2" aria-label={t('scale')} />
          </Form.Item>
        )}
        <Form.Item name="rollup_return" hidden>
          <input />
        </Form.Item>
      </Space>
      {fn !== 'count' && fieldName && <Typography.Paragraph type="secondary">{t(`rollupGives_${result}`)}</Typography.Paragraph>}
      {child && (
        <Form.Item name="filter" label={t('rollupFilter')} extra={t('rollupFilterHelp')}>
          <RuleField object={child} objects={all} />
        </Form.Item>
      )}
    </>
  );
}
