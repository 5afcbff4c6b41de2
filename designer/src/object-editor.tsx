import { useMemo, useState } from 'react';
import { Form, Input, Modal, Select, Space } from 'antd';
import type { Change, LocalizedText, ObjectDef } from './api.ts';
import { useT } from './i18n/index.ts';
import { IconPicker } from './icon-picker.tsx';
import { useLabel } from './labels.ts';
import { ReviewModal } from './plan-review.tsx';

/** Field types that can name a record (docs/metadata.md#the-name-field). */
const NAMING_TYPES = new Set(['text', 'autonumber', 'email', 'phone']);

interface ObjectForm {
  en?: string;
  zh?: string;
  plural_en?: string;
  plural_zh?: string;
  description?: string;
  icon?: string;
  name_field: string;
}

function localized(en?: string, zh?: string): LocalizedText | undefined {
  const text = { ...(en?.trim() ? { en: en.trim() } : {}), ...(zh?.trim() ? { 'zh-CN': zh.trim() } : {}) };
  return Object.keys(text).length ? text : undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only what the admin changed, as PATCH /api/meta/objects/:object takes it. Labels cannot be emptied (the engine needs one). */
export function objectPatch(object: ObjectDef, v: ObjectForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const label = localized(v.en, v.zh);
  if (label && !same(label, object.label)) patch.label = label;
  const plural = localized(v.plural_en, v.plural_zh);
  if (plural && !same(plural, object.plural_label)) patch.plural_label = plural;
  const description = v.description?.trim() ?? '';
  if (description !== (object.description ?? '')) patch.description = description;
  if (v.icon && v.icon !== object.icon) patch.icon = v.icon;
  if (v.name_field !== object.name_field) patch.name_field = v.name_field;
  return patch;
}

/** Edit an object's labels (singular and plural, English and Chinese), description, icon and name field; then its plan. */
export function ObjectEditor({ object, onClose }: { object: ObjectDef; onClose: () => void }) {
  const { t } = useT('objects');
  const label = useLabel();
  const [form] = Form.useForm<ObjectForm>();
  const [change, setChange] = useState<Change>();
  const [unchanged, setUnchanged] = useState(false);
  const initial = useMemo<ObjectForm>(
    () => ({
      en: object.label.en,
      zh: object.label['zh-CN'],
      plural_en: object.plural_label?.en,
      plural_zh: object.plural_label?.['zh-CN'],
      description: object.description,
      icon: object.icon,
      name_field: object.name_field,
    }),
    [object],
  );
  const namingFields = object.fields.filter((f) => !f.archived && NAMING_TYPES.has(f.type));
  const review = (values: ObjectForm) => {
    const patch = objectPatch(object, values);
    setUnchanged(Object.keys(patch).length === 0);
    if (Object.keys(patch).length) setChange({ kind: 'update_object', object: object.api_name, patch });
  };
  return (
    <>
      <Modal open title={t('editTitle', { object: label(object.label, object.api_name) })} width={640} onCancel={onClose} okText={t('common:review')} onOk={() => form.submit()}>
        <Form<ObjectForm> form={form} layout="vertical" initialValues={initial} onFinish={review} onValuesChange={() => setUnchanged(false)}>
          <Space wrap>
            <Form.Item name="en" label={t('labelEn')} rules={[{ max: 255 }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="zh" label={t('labelZh')} rules={[{ max: 255 }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="plural_en" label={t('pluralEn')} rules={[{ max: 255 }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="plural_zh" label={t('pluralZh')} rules={[{ max: 255 }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('description')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="icon" label={t('icon')}>
            <IconPicker allowNone={!object.icon} />
          </Form.Item>
          <Form.Item name="name_field" label={t('nameField')} extra={t('nameFieldHelp')}>
            <Select aria-label={t('nameField')} style={{ width: 260 }} options={namingFields.map((f) => ({ value: f.api_name, label: `${label(f.label, f.api_name)} (${f.api_name})` }))} />
          </Form.Item>
          {unchanged && <div className="ant-form-item-explain-error">{t('nothingChanged')}</div>}
        </Form>
      </Modal>
      <ReviewModal
        change={change}
        title={t('reviewEdit')}
        onClose={() => setChange(undefined)}
        onApplied={() => {
          setChange(undefined);
          onClose();
        }}
      />
    </>
  );
}
