import { useCallback, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { useObjects, type Change, type FieldDef } from './api.ts';
import { ApiNameInput } from './api-name-input.tsx';
import { useT } from './i18n/index.ts';
import { useLabel } from './labels.ts';
import { ReviewModal } from './plan-review.tsx';
import { DefaultValue } from './field-editor/default-value.tsx';
import { fieldDefinition, fieldPatch, formOfField, type FieldForm } from './field-editor/field-form.ts';
import { FIELD_TYPES, safeTargets, typeInfo } from './field-editor/field-types.ts';
import { TypeSettings } from './field-editor/type-settings.tsx';

export { fieldDefinition, type FieldForm } from './field-editor/field-form.ts';

/** A new field's starting values (fresh objects each time: the form keeps its own). */
const newField = (): Partial<FieldForm> => ({
  type: 'text',
  on_delete: 'restrict',
  return_type: 'number',
  currencies: ['CNY', 'USD'],
  values: [{ isNew: true, active: true }],
  function: 'count',
  default_mode: 'none',
});

/** Required, unique, indexed, audited, searchable: each only where the type allows it. */
function Flags({ type }: { type: string }) {
  const { t } = useT('fields');
  const info = typeInfo(type);
  return (
    <Space wrap style={{ marginTop: 8 }}>
      {info.required && (
        <Form.Item name="required" valuePropName="checked" noStyle>
          <Checkbox>{t('required')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="unique" valuePropName="checked" noStyle>
        <Checkbox disabled={!info.unique}>{t('unique')}</Checkbox>
      </Form.Item>
      <Form.Item name="indexed" valuePropName="checked" noStyle>
        <Checkbox disabled={!info.indexed}>{t('indexed')}</Checkbox>
      </Form.Item>
      {info.audited && (
        <Form.Item name="audited" valuePropName="checked" noStyle>
          <Checkbox>{t('audited')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="searchable" valuePropName="checked" noStyle>
        <Checkbox disabled={!info.searchable}>{t('searchable')}</Checkbox>
      </Form.Item>
    </Space>
  );
}

/**
 * The field editor. Without `field`: add a field (type, labels, API name, settings, default, flags).
 * With `field`: edit it, prefilled; the type may change only along the safe casts, and only the changed
 * properties are sent (PATCH, `null` removing one). Either way the plan is reviewed before applying.
 */
export function FieldEditor({ object, field, initial, open, onClose }: { object: string; field?: FieldDef; initial?: Partial<FieldForm>; open: boolean; onClose: () => void }) {
  const { t } = useT('fields');
  const label = useLabel();
  const objects = useObjects();
  const objectDef = objects.data?.find((o) => o.api_name === object);
  const [form] = Form.useForm<FieldForm>();
  const [nameOk, setNameOk] = useState(false);
  const [change, setChange] = useState<Change>();
  const [unchanged, setUnchanged] = useState(false);
  const start = useMemo(() => (field ? formOfField(field) : { ...newField(), ...initial }), [field, initial]);
  const type: string = Form.useWatch('type', form) ?? start.type ?? 'text';
  const en: string = Form.useWatch('en', form) ?? '';
  const zh: string = Form.useWatch('zh', form) ?? '';
  const onValidity = useCallback((ok: boolean) => setNameOk(ok), []);
  const types = field ? safeTargets(field.type) : FIELD_TYPES.map((f) => f.value);
  const review = () => {
    const values = { ...(form.getFieldsValue(true) as FieldForm), type };
    if (!field) {
      setChange({ kind: 'create_field', object, definition: fieldDefinition(values) });
      return;
    }
    const patch = fieldPatch(field, fieldDefinition({ ...values, api_name: field.api_name }));
    setUnchanged(Object.keys(patch).length === 0);
    if (Object.keys(patch).length) setChange({ kind: 'update_field', object, field: field.api_name, patch });
  };
  const title = field ? t('editTitle', { field: label(field.label, field.api_name), object }) : t('newTitle', { object });
  return (
    <Drawer
      open={open}
      title={title}
      size="large"
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" disabled={!field && !nameOk} onClick={() => form.submit()}>
          {t('common:review')}
        </Button>
      }
    >
      {objectDef && (
        <Form<FieldForm> form={form} layout="vertical" initialValues={start} onFinish={review} onValuesChange={() => setUnchanged(false)}>
          <Form.Item name="type" label={t('type')} extra={field && type !== field.type ? t('typeChangeHelp') : field && types.length === 1 ? t('noTypeChange') : undefined}>
            <Select aria-label={t('type')} virtual={false} listHeight={400} options={types.map((v) => ({ value: v, label: t(`type_${v}`) }))} style={{ width: 260 }} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="en" label={t('labelEn')}>
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="zh" label={t('labelZh')}>
              <Input style={{ width: 200 }} />
            </Form.Item>
          </Space>
          {field ? (
            <Form.Item label={t('apiName')} extra={t('apiNameFixed')}>
              <code>{field.api_name}</code>
            </Form.Item>
          ) : (
            <ApiNameInput form={form} source={en} object={object} chineseOnly={!en && !!zh} onValidity={onValidity} />
          )}
          <TypeSettings type={type} object={objectDef} />
          {typeInfo(type).defaultValue && <DefaultValue type={type} object={objectDef} />}
          <Flags type={type} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('helpAndDescription')}
          </Typography.Title>
          <Space wrap>
            <Form.Item name="help_en" label={t('helpEn')}>
              <Input style={{ width: 300 }} maxLength={1000} />
            </Form.Item>
            <Form.Item name="help_zh" label={t('helpZh')}>
              <Input style={{ width: 300 }} maxLength={1000} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('description')} extra={t('descriptionHelp')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          {unchanged && <Alert type="info" showIcon title={t('nothingChanged')} />}
        </Form>
      )}
      <ReviewModal
        change={change}
        title={field ? t('reviewEdit') : t('reviewAdd')}
        onClose={() => setChange(undefined)}
        onApplied={() => {
          setChange(undefined);
          onClose();
        }}
      />
    </Drawer>
  );
}
