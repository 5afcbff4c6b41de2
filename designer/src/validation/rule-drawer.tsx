import { useState } from 'react';
import { Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { ApiError, planChange, type Change, type ObjectDef, type ValidationRuleDef } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { apiNameProblemKey } from '../api-name.ts';
import { useT } from '../i18n/index.ts';
import { useLabel } from '../labels.ts';
import { RuleBuilder, errorsUnder } from '../logic/rule-builder.tsx';
import { RuleErrors } from '../logic/rule-errors.tsx';
import type { Rule } from '../logic/rule-tree.ts';
import { ReviewModal } from '../plan-review.tsx';
import { formErrors, formOfRule, ruleOfForm, withRule, type RuleForm } from './rule-form.ts';
import { RuleTest } from './rule-test.tsx';

interface Props {
  object: ObjectDef;
  objects: ObjectDef[];
  /** The rule's place in the list; the list's length for a new rule. */
  index: number;
  onClose(): void;
}

function ConditionInput(props: { value?: Rule; onChange?: (rule: Rule | undefined) => void; object: ObjectDef; objects: ObjectDef[]; errors: FieldProblem[] }) {
  return <RuleBuilder object={props.object} objects={props.objects} value={props.value} onChange={(r) => props.onChange?.(r)} allowLookups errors={props.errors} />;
}

/** Add or edit one validation rule; saving sends the whole list (update_object) through the plan review. */
export function RuleDrawer({ object, objects, index, onClose }: Props) {
  const { t } = useT('validation');
  const label = useLabel();
  const list = object.validation_rules ?? [];
  const existing: ValidationRuleDef | undefined = list[index];
  const [form] = Form.useForm<RuleForm>();
  const [conditionErrors, setConditionErrors] = useState<FieldProblem[]>([]);
  const [otherErrors, setOtherErrors] = useState<FieldProblem[]>([]);
  const [change, setChange] = useState<Change>();
  const [checking, setChecking] = useState(false);
  const condition = Form.useWatch('condition', form) as Rule | undefined;
  const en = (Form.useWatch('en', form) as string | undefined) ?? '';

  const save = async (values: RuleForm) => {
    const rule = ruleOfForm({ ...values, condition: form.getFieldValue('condition') as Rule | undefined });
    const next: Change = { kind: 'update_object', object: object.api_name, patch: { validation_rules: withRule(list, index, rule) } };
    setChecking(true);
    try {
      // Checked first, so the engine's errors land at their place in this drawer; then the review.
      await planChange(next);
      setConditionErrors([]);
      setOtherErrors([]);
      setChange(next);
    } catch (err) {
      const problems = err instanceof ApiError ? err.errors : [];
      setConditionErrors(errorsUnder(problems, `validation_rules.${index}.condition`));
      const { fields, other } = formErrors(problems, index);
      form.setFields(fields);
      setOtherErrors(other.length || problems.length ? other : [{ field: '', message: (err as Error).message }]);
    } finally {
      setChecking(false);
    }
  };

  const fieldOptions = object.fields.filter((f) => !f.archived).map((f) => ({ value: f.api_name, label: `${label(f.label, f.api_name)} (${f.api_name})` }));
  return (
    <Drawer
      open
      size="large"
      title={existing ? t('editTitle', { name: existing.api_name }) : t('newTitle')}
      onClose={onClose}
      extra={
        <Button type="primary" loading={checking} onClick={() => form.submit()}>
          {t('common:save')}
        </Button>
      }
    >
      <Form<RuleForm> form={form} layout="vertical" initialValues={formOfRule(existing)} onFinish={(v) => void save(v)} onValuesChange={() => setOtherErrors([])}>
        <Form.Item
          name="api_name"
          label={t('apiName')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const problem = apiNameProblemKey((value ?? '').trim());
                if (problem) throw new Error(t(`objects:${problem}`));
                if (list.some((r, i) => i !== index && r.api_name === value?.trim())) throw new Error(t('nameTaken'));
              },
            },
          ]}
        >
          <Input aria-label={t('apiName')} placeholder="amount_limit" style={{ width: 320 }} />
        </Form.Item>
        <Form.Item name="condition" label={t('condition')} extra={t('conditionHelp')}>
          <ConditionInput object={object} objects={objects} errors={conditionErrors} />
        </Form.Item>
        <RuleTest object={object} condition={condition} message={en} onErrors={setConditionErrors} />
        <Space wrap align="start" style={{ marginTop: 16 }}>
          <Form.Item
            name="en"
            label={t('messageEn')}
            rules={[{ validator: async (_, v: string | undefined) => { if (!v?.trim() && !(form.getFieldValue('zh') as string | undefined)?.trim()) throw new Error(t('messageRequired')); } }]}
          >
            <Input aria-label={t('messageEn')} style={{ width: 320 }} maxLength={1000} />
          </Form.Item>
          <Form.Item name="zh" label={t('messageZh')}>
            <Input aria-label={t('messageZh')} style={{ width: 280 }} maxLength={1000} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="field" label={t('messageField')} extra={t('fieldHelp')}>
            <Select aria-label={t('messageField')} allowClear showSearch={{ optionFilterProp: 'label' }} options={fieldOptions} style={{ width: 320 }} placeholder={t('wholeRecord')} />
          </Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch aria-label={t('active')} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('description')}>
          <Input.TextArea aria-label={t('description')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        {otherErrors.length > 0 && <RuleErrors errors={otherErrors} />}
      </Form>
      <ReviewModal change={change} title={t('reviewTitle')} onClose={() => setChange(undefined)} onApplied={() => { setChange(undefined); onClose(); }} />
    </Drawer>
  );
}
