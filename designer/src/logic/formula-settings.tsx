/**
 * FormulaSettings: the formula part of the field editor — the result type, decimals for numbers, the
 * expression (RuleBuilder: an expression of parts, conditions for yes/no, or raw JSON) and
 * a live PREVIEW of the value on a real record (POST /api/meta/objects/:object/preview-rule, kind
 * formula: the value PostgreSQL computes, as lists will show it).
 *
 * Render it inside the field editor's antd <Form>: it owns the form fields
 *   `return_type` ('number' | 'text' | 'boolean' | 'date' | 'datetime'),
 *   `scale` (number, numbers only) and
 *   `expression` (the JSON-logic rule as JSON text, as FieldForm holds it).
 * Props:
 *   `object`  — the object the formula belongs to (its fields are what the expression reads);
 *   `objects` — every object (lookup paths); default: the designer's object list;
 *   `errors`  — the engine's errors for this field definition with paths relative to it
 *               (`expression.*.0.var`, `return_type`): pass errorsUnder(problem.errors, `fields.<name>`).
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Form, InputNumber, Select, Space, Typography } from 'antd';
import { ApiError, useObjects, type ObjectDef, type Rule } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { useT } from '../i18n/index.ts';
import { RuleBuilder } from './rule-builder.tsx';
import { errorsUnder, RuleErrors } from './rule-errors.tsx';
import { previewRule, type RulePreview } from './preview-api.ts';
import { FormulaPreviewResult } from './preview-result.tsx';
import { SampleRecordSelect } from './sample-record-select.tsx';

export const FORMULA_RETURN_TYPES = ['number', 'text', 'boolean', 'date', 'datetime'] as const;

export interface FormulaSettingsProps {
  object: ObjectDef;
  objects?: ObjectDef[];
  errors?: FieldProblem[];
}

function parse(text: string | undefined): Rule | undefined {
  if (!text || !text.trim()) return undefined;
  try {
    return JSON.parse(text) as Rule;
  } catch {
    return undefined;
  }
}

/** The expression form field: JSON text in the form, a rule in the builder. */
function ExpressionInput({ value, onChange, object, objects, returnType, errors }: { value?: string; onChange?: (text: string | undefined) => void; object: ObjectDef; objects: ObjectDef[]; returnType: string; errors: FieldProblem[] }) {
  const rule = useMemo(() => parse(value), [value]);
  return (
    <RuleBuilder
      object={object}
      objects={objects}
      allowLookups
      returnType={returnType}
      value={rule}
      onChange={(next) => onChange?.(next === undefined ? undefined : JSON.stringify(next, null, 2))}
      errors={errors}
    />
  );
}

export function FormulaSettings({ object, objects, errors }: FormulaSettingsProps) {
  const { t } = useT('logic');
  const all = useObjects();
  const list = objects ?? all.data ?? [object];
  const form = Form.useFormInstance();
  const text = Form.useWatch('expression', form) as string | undefined;
  const returnType = (Form.useWatch('return_type', form) as string | undefined) ?? 'number';
  const scale = Form.useWatch('scale', form) as number | null | undefined;
  const [recordId, setRecordId] = useState<string>();
  const [preview, setPreview] = useState<{ result?: RulePreview; error?: Error; busy: boolean }>({ busy: false });
  const [runs, setRuns] = useState(0);
  const rule = useMemo(() => parse(text), [text]);

  useEffect(() => {
    if (rule === undefined) {
      setPreview({ busy: false });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setPreview((p) => ({ ...p, busy: true }));
      const body = { rule, kind: 'formula' as const, return_type: returnType, ...(returnType === 'number' && typeof scale === 'number' ? { scale } : {}), ...(recordId ? { record_id: recordId } : {}) };
      previewRule(object.api_name, body).then(
        (result) => live && setPreview({ result, busy: false }),
        (error: Error) => live && setPreview({ error, busy: false }),
      );
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [object.api_name, rule, returnType, scale, recordId, runs]);

  const previewErrors = preview.error instanceof ApiError && preview.error.status === 422 ? preview.error.errors : [];
  const ruleErrors = [...errorsUnder(errors, 'expression'), ...errorsUnder(previewErrors, 'rule')];
  const settingErrors = [...(errors ?? []).filter((e) => e.field === 'return_type' || e.field === 'scale'), ...previewErrors.filter((e) => !e.field.startsWith('rule'))];

  return (
    <div className="formula-settings" data-object={object.api_name}>
      <Space wrap>
        <Form.Item name="return_type" label={t('returnType')}>
          <Select style={{ width: 160 }} aria-label={t('returnType')} options={FORMULA_RETURN_TYPES.map((v) => ({ value: v, label: t(`result_${v}`) }))} />
        </Form.Item>
        {returnType === 'number' && (
          <Form.Item name="scale" label={t('scale')}>
            <InputNumber min={0} max={15} placeholder="2" aria-label={t('scale')} />
          </Form.Item>
        )}
      </Space>
      <Form.Item name="expression" label={t('expression')} rules={[{ required: true, message: t('expressionMissing') }]}>
        <ExpressionInput object={object} objects={list} returnType={returnType} errors={ruleErrors} />
      </Form.Item>
      <RuleErrors errors={settingErrors} />
      <div className="formula-preview-panel">
        <Space wrap style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('preview')}</Typography.Text>
          <SampleRecordSelect object={object} value={recordId} onChange={setRecordId} />
          <Button onClick={() => setRuns((n) => n + 1)} loading={preview.busy} disabled={rule === undefined}>
            {t('runPreview')}
          </Button>
        </Space>
        {rule === undefined ? <Typography.Paragraph type="secondary">{t('previewHint')}</Typography.Paragraph> : <FormulaPreviewResult result={preview.result} error={preview.error} />}
      </div>
    </div>
  );
}
