import { useCallback, useState } from 'react';
import { Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { text, useObjects, type Change, type LocalizedText } from './api.ts';
import { ApiNameInput } from './api-name-input.tsx';
import { ReviewModal } from './plan-review.tsx';

/** The types this editor offers, with what the engine allows for each (docs/field-types.md#summary). */
const TYPES: Array<{ value: string; label: string; unique: boolean; indexed: boolean }> = [
  { value: 'text', label: 'Text', unique: true, indexed: true },
  { value: 'long_text', label: 'Long text', unique: false, indexed: false },
  { value: 'email', label: 'Email', unique: true, indexed: true },
  { value: 'integer', label: 'Integer', unique: true, indexed: true },
  { value: 'decimal', label: 'Decimal', unique: true, indexed: true },
  { value: 'currency', label: 'Currency', unique: false, indexed: true },
  { value: 'date', label: 'Date', unique: false, indexed: true },
  { value: 'boolean', label: 'Checkbox (yes/no)', unique: false, indexed: true },
  { value: 'picklist', label: 'Picklist', unique: false, indexed: true },
  { value: 'lookup', label: 'Lookup (relationship)', unique: true, indexed: false },
  { value: 'formula', label: 'Formula', unique: false, indexed: false },
];

const PALETTE = ['#1677ff', '#52c41a', '#faad14', '#ff4d4f', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

/** The colour a picklist value gets until the admin picks one: shown in the swatch and saved as shown. */
const paletteColor = (i: number): string => PALETTE[i % PALETTE.length] as string;

function ColorInput({ value, onChange, fallback, ...rest }: { value?: string; onChange?: (color: string) => void; fallback: string; 'aria-label': string }) {
  return <input type="color" className="color-input" value={value ?? fallback} onChange={(e) => onChange?.(e.target.value)} {...rest} />;
}

interface PicklistRow {
  value?: string;
  en?: string;
  zh?: string;
  color?: string;
}

export interface FieldForm {
  type: string;
  en?: string;
  zh?: string;
  api_name: string;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  audited?: boolean;
  max_length?: number;
  precision?: number;
  scale?: number;
  currencies?: string[];
  default_currency?: string;
  values?: PicklistRow[];
  target?: string;
  on_delete?: string;
  return_type?: string;
  expression?: string;
}

function labelOf(en?: string, zh?: string): LocalizedText | undefined {
  const label = { ...(en ? { en } : {}), ...(zh ? { 'zh-CN': zh } : {}) };
  return Object.keys(label).length ? label : undefined;
}

/** The form's values → a field definition (docs/metadata.md#field-definition); only what applies to the type. */
export function fieldDefinition(v: FieldForm): Record<string, unknown> {
  const def: Record<string, unknown> = { api_name: v.api_name, type: v.type };
  const label = labelOf(v.en, v.zh);
  if (label) def.label = label;
  const kind = TYPES.find((t) => t.value === v.type);
  if (v.type !== 'formula') {
    if (v.required) def.required = true;
    if (v.audited) def.audited = true;
  }
  if (kind?.unique && v.unique) def.unique = true;
  if (kind?.indexed && v.indexed) def.indexed = true;
  switch (v.type) {
    case 'text':
      if (v.max_length) def.max_length = v.max_length;
      break;
    case 'decimal':
    case 'currency':
      if (v.precision) def.precision = v.precision;
      if (v.scale !== undefined && v.scale !== null) def.scale = v.scale;
      if (v.type === 'currency') {
        if (v.currencies?.length) def.currencies = v.currencies;
        if (v.default_currency) def.default_currency = v.default_currency;
      }
      break;
    case 'picklist':
      def.values = (v.values ?? []).map((row, i) => ({ value: row.value ?? '', label: labelOf(row.en, row.zh) ?? { en: row.value ?? '' }, color: row.color ?? paletteColor(i), order: i }));
      break;
    case 'lookup':
      def.target = v.target;
      if (v.on_delete) def.on_delete = v.on_delete;
      break;
    case 'formula':
      def.return_type = v.return_type ?? 'number';
      def.expression = v.expression ? (JSON.parse(v.expression) as unknown) : undefined;
      break;
  }
  return def;
}

function PicklistValues() {
  return (
    <Form.List name="values">
      {(rows, { add, remove, move }) => (
        <div className="picklist-values">
          <Typography.Text strong>Values</Typography.Text>
          {rows.map((row, i) => (
            <Space key={row.key} align="baseline" wrap style={{ display: 'flex', marginTop: 8 }}>
              <Form.Item name={[row.name, 'value']} rules={[{ required: true, pattern: /^[A-Za-z0-9_\-. ]{1,100}$/, message: 'letters, digits, _ - . or space' }]} noStyle>
                <Input placeholder="value" aria-label={`Value ${i + 1}`} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name={[row.name, 'en']} noStyle>
                <Input placeholder="English" aria-label={`Value ${i + 1} English`} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[row.name, 'zh']} noStyle>
                <Input placeholder="中文" aria-label={`Value ${i + 1} Chinese`} style={{ width: 90 }} />
              </Form.Item>
              <Form.Item name={[row.name, 'color']} noStyle>
                <ColorInput fallback={paletteColor(i)} aria-label={`Value ${i + 1} colour`} />
              </Form.Item>
              <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`Move value ${i + 1} up`}>
                ↑
              </Button>
              <Button size="small" danger onClick={() => remove(row.name)} aria-label={`Remove value ${i + 1}`}>
                ×
              </Button>
            </Space>
          ))}
          <Button style={{ marginTop: 8 }} onClick={() => add()}>
            Add value
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function jsonProblem(value: string | undefined): string | undefined {
  if (!value) return 'Type the JSON-logic expression, e.g. {"*": [{"var": "quantity"}, 2]}';
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? undefined : 'A JSON-logic rule is a JSON object';
  } catch (err) {
    return `Not valid JSON: ${(err as Error).message}`;
  }
}

/** The settings of the chosen type. */
function TypeSettings({ type, object }: { type: string; object: string }) {
  const objects = useObjects();
  const expression = Form.useWatch('expression', Form.useFormInstance()) as string | undefined;
  switch (type) {
    case 'text':
      return (
        <Form.Item name="max_length" label="Maximum length">
          <InputNumber min={1} max={10000} placeholder="255" />
        </Form.Item>
      );
    case 'decimal':
    case 'currency':
      return (
        <Space wrap>
          <Form.Item name="precision" label="Digits in all">
            <InputNumber min={1} max={15} placeholder="15" />
          </Form.Item>
          <Form.Item name="scale" label="Decimals">
            <InputNumber min={0} max={15} placeholder="2" />
          </Form.Item>
          {type === 'currency' && (
            <>
              <Form.Item name="currencies" label="Currencies">
                <Select mode="tags" style={{ minWidth: 160 }} tokenSeparators={[',', ' ']} />
              </Form.Item>
              <Form.Item name="default_currency" label="Default currency">
                <Input style={{ width: 90 }} maxLength={3} />
              </Form.Item>
            </>
          )}
        </Space>
      );
    case 'picklist':
      return <PicklistValues />;
    case 'lookup':
      return (
        <Space wrap>
          <Form.Item name="target" label="Points to" rules={[{ required: true, message: 'Choose the object it points to' }]}>
            <Select
              style={{ width: 220 }}
              aria-label="Points to"
              showSearch
              optionFilterProp="label"
              options={(objects.data ?? []).map((o) => ({ value: o.api_name, label: `${text(o.label, o.api_name)}${o.api_name === object ? ' (itself)' : ''}` }))}
            />
          </Form.Item>
          <Form.Item name="on_delete" label="When that record is deleted">
            <Select
              style={{ width: 240 }}
              aria-label="When that record is deleted"
              options={[
                { value: 'restrict', label: 'Refuse the delete (restrict)' },
                { value: 'set_null', label: 'Clear this field (set null)' },
                { value: 'cascade', label: 'Delete these records too (cascade)' },
              ]}
            />
          </Form.Item>
        </Space>
      );
    case 'formula': {
      const problem = jsonProblem(expression);
      return (
        <>
          <Form.Item name="return_type" label="Result">
            <Select
              style={{ width: 160 }}
              aria-label="Result"
              options={['number', 'text', 'boolean', 'date', 'date-time'].map((v) => ({ value: v, label: v }))}
            />
          </Form.Item>
          <Form.Item name="expression" label="Expression (JSON-logic)" validateStatus={problem ? 'error' : 'success'} help={problem ?? 'Valid JSON; the engine checks the fields and operators when you review.'}>
            <Input.TextArea rows={4} spellCheck={false} style={{ fontFamily: 'monospace' }} aria-label="Expression (JSON-logic)" />
          </Form.Item>
        </>
      );
    }
    default:
      return null;
  }
}

/** Add a field: type, labels, API name, the type's settings and the common flags; then its plan, then apply. */
export function FieldEditor({ object, initial, open, onClose }: { object: string; initial?: Partial<FieldForm>; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<FieldForm>();
  const [nameOk, setNameOk] = useState(false);
  const [change, setChange] = useState<Change>();
  const type: string = Form.useWatch('type', form) ?? initial?.type ?? 'text';
  const en: string = Form.useWatch('en', form) ?? '';
  const zh: string = Form.useWatch('zh', form) ?? '';
  const kind = TYPES.find((t) => t.value === type);
  const onValidity = useCallback((ok: boolean) => setNameOk(ok), []);
  return (
    <Drawer open={open} title={`New field on ${object}`} size="large" onClose={onClose} destroyOnHidden extra={<Button type="primary" disabled={!nameOk} onClick={() => form.submit()}>Review</Button>}>
      <Form<FieldForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ type: 'text', on_delete: 'restrict', return_type: 'number', currencies: ['CNY', 'USD'], values: [{}], ...initial }}
        onFinish={(values) => {
          if (values.type === 'formula' && jsonProblem(values.expression)) return;
          setChange({ kind: 'create_field', object, definition: fieldDefinition(values) });
        }}
      >
        <Form.Item name="type" label="Type">
          <Select aria-label="Type" virtual={false} listHeight={400} options={TYPES.map((t) => ({ value: t.value, label: t.label }))} style={{ width: 260 }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="en" label="Label (English)">
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="zh" label="Label (中文)">
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <ApiNameInput form={form} source={en} object={object} chineseOnly={!en && !!zh} onValidity={onValidity} />
        <TypeSettings type={type} object={object} />
        {type !== 'formula' && (
          <Space wrap style={{ marginTop: 8 }}>
            <Form.Item name="required" valuePropName="checked" noStyle>
              <Checkbox>Required</Checkbox>
            </Form.Item>
            <Form.Item name="unique" valuePropName="checked" noStyle>
              <Checkbox disabled={!kind?.unique}>Unique</Checkbox>
            </Form.Item>
            <Form.Item name="indexed" valuePropName="checked" noStyle>
              <Checkbox disabled={!kind?.indexed}>Indexed</Checkbox>
            </Form.Item>
            <Form.Item name="audited" valuePropName="checked" noStyle>
              <Checkbox>Audited (keep a history of changes)</Checkbox>
            </Form.Item>
          </Space>
        )}
      </Form>
      <ReviewModal
        change={change}
        title="Add the field"
        onClose={() => setChange(undefined)}
        onApplied={() => {
          setChange(undefined);
          onClose();
        }}
      />
    </Drawer>
  );
}
