import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { ApiError } from '../api/client.ts';

export interface SaveViewValues {
  name: string;
  shared: boolean;
}

/** The name and the sharing of a view being saved; the engine's refusal (a name taken…) shows on its field. */
export function SaveViewDialog({ title, initial, onSave, onClose }: { title: string; initial: SaveViewValues; onSave(values: SaveViewValues): Promise<unknown>; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SaveViewValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setProblem(undefined);
    try {
      await onSave({ name: values.name.trim(), shared: values.shared === true });
      onClose();
    } catch (error) {
      const fieldError = error instanceof ApiError ? error.errors.find((e) => e.field === 'name') : undefined;
      if (fieldError) form.setFields([{ name: 'name', errors: [fieldError.message] }]);
      else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={title} okText={t('form.save')} cancelText={t('listTools.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      {problem && <Alert className="form-problem" type="error" showIcon title={problem} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={() => void submit()}>
        <Form.Item name="name" label={t('listTools.name')} rules={[{ required: true, whitespace: true, message: t('listTools.nameRequired') }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked">
          <Checkbox>{t('listTools.shared')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
