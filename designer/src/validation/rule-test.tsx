import { useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { ApiError, type ObjectDef } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { useT } from '../i18n/index.ts';
import { previewRule, type RulePreview } from '../logic/preview-api.ts';
import { PreviewError } from '../logic/preview-result.tsx';
import { SampleRecordSelect } from '../logic/sample-record-select.tsx';
import type { Rule } from '../logic/rule-tree.ts';

/**
 * "Test against a sample record": the condition run on a real record (preview-rule, kind condition).
 * A condition that holds describes an error, so the record would be refused. Rule errors go back to
 * the builder through `onErrors` (paths relative to the rule).
 */
export function RuleTest({ object, condition, message, onErrors }: { object: ObjectDef; condition: Rule | undefined; message: string; onErrors(errors: FieldProblem[]): void }) {
  const { t } = useT('validation');
  const [recordId, setRecordId] = useState<string>();
  const [state, setState] = useState<{ result?: RulePreview; error?: Error; busy: boolean }>({ busy: false });
  const run = async () => {
    setState({ busy: true });
    try {
      const result = await previewRule(object.api_name, { rule: condition ?? null, kind: 'condition', ...(recordId ? { record_id: recordId } : {}) });
      onErrors([]);
      setState({ result, busy: false });
    } catch (err) {
      const error = err as Error;
      onErrors(error instanceof ApiError && error.status === 422 ? error.errors.filter((e) => e.field === 'rule' || e.field.startsWith('rule.')).map((e) => ({ ...e, field: e.field.replace(/^rule\.?/, '') })) : []);
      setState({ error, busy: false });
    }
  };
  const name = state.result ? String(state.result.record.name ?? state.result.record.id) : '';
  return (
    <div className="rule-test">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('testTitle')}</Typography.Text>
        <SampleRecordSelect object={object} value={recordId} onChange={setRecordId} />
        <Button onClick={() => void run()} loading={state.busy} disabled={condition === undefined}>
          {t('test')}
        </Button>
      </Space>
      {state.error && <PreviewError error={state.error} />}
      {state.result &&
        (state.result.truthy ? (
          <Alert className="rule-test-result" type="error" showIcon title={t('wouldRefuse', { name })} description={message || undefined} />
        ) : (
          <Alert className="rule-test-result" type="success" showIcon title={t('wouldAccept', { name })} />
        ))}
    </div>
  );
}
