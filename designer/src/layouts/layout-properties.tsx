import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Form, Input, Modal, Select } from 'antd';
import { api, type LayoutDef, type LocalizedText } from '../api.ts';
import { deriveApiName } from '../api-name.ts';
import { useLocale, useT } from '../i18n/index.ts';

interface RoleRow {
  api_name: string;
  label?: LocalizedText;
}

/** The tenant's roles (GET /api/admin/roles), for "who gets this layout". */
export function useRoles() {
  return useQuery({ queryKey: ['admin-roles'], queryFn: async () => (await api<{ items: RoleRow[] }>('GET', '/api/admin/roles')).items, staleTime: 60_000 });
}

export interface LayoutProperties {
  api_name: string;
  label?: LocalizedText;
  roles?: string[];
}

interface Values {
  en?: string;
  zh?: string;
  api_name: string;
  roles: string[];
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The name, labels (English, 中文) and roles of a layout: for a new one (the API name follows the English
 * label until typed in) and to rename or re-assign one (the API name stays).
 */
export function LayoutPropertiesModal({ open, initial, taken, onCancel, onDone }: { open: boolean; initial?: LayoutDef; taken: string[]; onCancel: () => void; onDone: (properties: LayoutProperties) => void }) {
  const { t } = useT('layouts');
  const { locale } = useLocale();
  const roles = useRoles();
  const [form] = Form.useForm<Values>();
  const [nameTouched, setNameTouched] = useState(false);
  useEffect(() => {
    if (!open) return;
    setNameTouched(false);
    form.setFieldsValue({ en: initial?.label?.en ?? '', zh: initial?.label?.['zh-CN'] ?? '', api_name: initial?.api_name ?? '', roles: initial?.roles ?? [] });
  }, [open, initial, form]);
  const finish = (values: Values) => {
    const label: LocalizedText = {};
    if (values.en?.trim()) label.en = values.en.trim();
    if (values.zh?.trim()) label['zh-CN'] = values.zh.trim();
    onDone({ api_name: values.api_name, label, ...(values.roles.length > 0 ? { roles: values.roles } : {}) });
  };
  return (
    <Modal open={open} title={t('properties')} onCancel={onCancel} onOk={() => form.submit()} okText={t('common:save')} cancelText={t('common:cancel')} destroyOnHidden forceRender>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={finish}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.api_name !== undefined) setNameTouched(true);
          if (changed.en !== undefined && !initial && !nameTouched) form.setFieldValue('api_name', deriveApiName(changed.en));
        }}
      >
        <Form.Item name="en" label={t('labelEn')} dependencies={['zh']} rules={[({ getFieldValue }) => ({ validator: async (_, v: string) => ((v ?? '').trim() || String(getFieldValue('zh') ?? '').trim() ? undefined : Promise.reject(new Error(t('labelNeeded')))) })]}>
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item name="zh" label={t('labelZh')}>
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item
          name="api_name"
          label={t('apiName')}
          rules={[
            { validator: async (_, v: string) => (NAME.test(v ?? '') && !v.includes('__') && !v.endsWith('_') ? undefined : Promise.reject(new Error(t('nameSyntax')))) },
            { validator: async (_, v: string) => (taken.includes(v) ? Promise.reject(new Error(t('nameTaken'))) : undefined) },
          ]}
        >
          <Input disabled={initial !== undefined} />
        </Form.Item>
        <Form.Item name="roles" label={t('roles')} extra={t('rolesHelp')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('forEveryone')}
            loading={roles.isLoading}
            options={(roles.data ?? []).map((r) => ({ value: r.api_name, label: `${r.label?.[locale] ?? r.label?.en ?? r.api_name} (${r.api_name})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
