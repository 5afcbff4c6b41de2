import { useEffect, useState } from 'react';
import { Form, Input, type FormInstance } from 'antd';
import { deriveApiName } from './api-name.ts';
import { useNameCheck } from './name-check.ts';
import { useT } from './i18n/index.ts';

/**
 * The `api_name` item of a form: made from `source` (the English label) until the admin types in it,
 * checked as it changes (syntax here, reserved and taken names by the engine's plan). `object` set: a field name.
 */
export function ApiNameInput({ form, source, object, chineseOnly, onValidity }: { form: FormInstance; source: string; object?: string; chineseOnly?: boolean; onValidity: (ok: boolean) => void }) {
  const { t } = useT('objects');
  const [edited, setEdited] = useState(false);
  const name: string = Form.useWatch('api_name', form) ?? '';
  useEffect(() => {
    if (!edited) form.setFieldValue('api_name', deriveApiName(source));
  }, [source, edited, form]);
  const check = useNameCheck(name, object);
  const problem = check.local ? t(check.local) : check.problem;
  const checking = check.checking;
  useEffect(() => onValidity(!problem && !checking), [problem, checking, onValidity]);
  const help = problem ?? (checking ? t('checking') : t('available'));
  return (
    <Form.Item
      name="api_name"
      label={t('apiName')}
      validateStatus={problem ? 'error' : checking ? 'validating' : 'success'}
      hasFeedback
      help={chineseOnly && !name ? t('chineseNoName') : help}
      extra={t('apiNameExtra')}
    >
      <Input onChange={() => setEdited(true)} aria-label={t('apiName')} />
    </Form.Item>
  );
}
