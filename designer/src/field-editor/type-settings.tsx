import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useObjects, type ObjectDef } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { useLabel } from '../labels.ts';
import { PicklistValues } from './picklist-values.tsx';
import { RollupSettings } from './rollup-settings.tsx';
import { FormulaSettings } from '../logic/formula-settings.tsx';

const MAX_LENGTH: Record<string, number> = { text: 10000, long_text: 131072, rich_text: 131072 };

function Bounds() {
  const { t } = useT('fields');
  return (
    <>
      <Form.Item name="min" label={t('min')}>
        <InputNumber aria-label={t('min')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="max" label={t('max')}>
        <InputNumber aria-label={t('max')} style={{ width: 140 }} />
      </Form.Item>
    </>
  );
}

/** The settings of the chosen type (docs/field-types.md). */
export function TypeSettings({ type, object }: { type: string; object: ObjectDef }) {
  const { t } = useT('fields');
  const label = useLabel();
  const objects = useObjects();
  switch (type) {
    case 'text':
    case 'long_text':
    case 'rich_text':
      return (
        <Form.Item name="max_length" label={t('maxLength')}>
          <InputNumber min={1} max={MAX_LENGTH[type]} placeholder={type === 'text' ? '255' : type === 'long_text' ? '32000' : '131072'} aria-label={t('maxLength')} />
        </Form.Item>
      );
    case 'integer':
      return (
        <Space wrap>
          <Bounds />
        </Space>
      );
    case 'decimal':
    case 'percent':
    case 'currency':
      return (
        <Space wrap>
          <Form.Item name="precision" label={t('precision')}>
            <InputNumber min={1} max={15} placeholder={type === 'percent' ? '7' : '15'} aria-label={t('precision')} />
          </Form.Item>
          <Form.Item name="scale" label={t('scale')}>
            <InputNumber min={0} max={15} placeholder="2" aria-label={t('scale')} />
          </Form.Item>
          <Bounds />
          {type === 'currency' && (
            <>
              <Form.Item name="currencies" label={t('currencies')}>
                <Select mode="tags" aria-label={t('currencies')} style={{ minWidth: 160 }} tokenSeparators={[',', ' ']} />
              </Form.Item>
              <Form.Item name="default_currency" label={t('defaultCurrency')}>
                <Input style={{ width: 90 }} maxLength={3} aria-label={t('defaultCurrency')} />
              </Form.Item>
            </>
          )}
        </Space>
      );
    case 'picklist':
    case 'multi_picklist':
      return <PicklistValues />;
    case 'lookup':
      return (
        <Space wrap>
          <Form.Item name="target" label={t('pointsTo')} rules={[{ required: true, message: t('choosePointsTo') }]}>
            <Select
              style={{ width: 220 }}
              aria-label={t('pointsTo')}
              showSearch
              optionFilterProp="label"
              options={(objects.data ?? []).map((o) => ({ value: o.api_name, label: `${label(o.label, o.api_name)}${o.api_name === object.api_name ? t('itself') : ''}` }))}
            />
          </Form.Item>
          <Form.Item name="on_delete" label={t('onDelete')}>
            <Select
              style={{ width: 260 }}
              aria-label={t('onDelete')}
              placeholder={t('onDeleteRestrict')}
              options={[
                { value: 'restrict', label: t('onDeleteRestrict') },
                { value: 'set_null', label: t('onDeleteSetNull') },
                { value: 'cascade', label: t('onDeleteCascade') },
              ]}
            />
          </Form.Item>
        </Space>
      );
    case 'autonumber':
      return (
        <Space wrap align="start">
          <Form.Item name="pattern" label={t('pattern')} extra={t('patternHelp')} rules={[{ required: true, message: t('patternRequired') }]}>
            <Input style={{ width: 240 }} placeholder="HT-{YYYY}-{0000}" aria-label={t('pattern')} />
          </Form.Item>
          <Form.Item name="start" label={t('start')}>
            <InputNumber min={0} max={999999999999} placeholder="1" aria-label={t('start')} />
          </Form.Item>
        </Space>
      );
    case 'formula':
      return <FormulaSettings object={object} />;
    case 'rollup':
      return <RollupSettings object={object} />;
    default:
      return null;
  }
}
