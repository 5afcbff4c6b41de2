import { useEffect, useState } from 'react';
import { Form, Input, type FormInstance } from 'antd';
import { deriveApiName } from './api-name.ts';
import { useNameCheck } from './name-check.ts';

/**
 * The `api_name` item of a form: made from `source` (the English label) until the admin types in it,
 * checked as it changes (syntax here, reserved and taken names by the engine's plan). `object` set: a field name.
 */
export function ApiNameInput({ form, source, object, chineseOnly, onValidity }: { form: FormInstance; source: string; object?: string; chineseOnly?: boolean; onValidity: (ok: boolean) => void }) {
  const [edited, setEdited] = useState(false);
  const name: string = Form.useWatch('api_name', form) ?? '';
  useEffect(() => {
    if (!edited) form.setFieldValue('api_name', deriveApiName(source));
  }, [source, edited, form]);
  const { problem, checking } = useNameCheck(name, object);
  useEffect(() => onValidity(!problem && !checking), [problem, checking, onValidity]);
  const help = problem ?? (checking ? 'Checking…' : 'Available. It never changes once created.');
  return (
    <Form.Item
      name="api_name"
      label="API name"
      validateStatus={problem ? 'error' : checking ? 'validating' : 'success'}
      hasFeedback
      help={chineseOnly && !name ? 'A Chinese label has no automatic API name here: type one in lower-case Latin letters (e.g. pinyin).' : help}
      extra="Used in the API, URLs and the database; lower-case letters, digits and _."
    >
      <Input onChange={() => setEdited(true)} aria-label="API name" />
    </Form.Item>
  );
}
