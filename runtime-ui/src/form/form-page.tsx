import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Space, Typography } from 'antd';
import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import { api, ApiError } from '../api/client.ts';
import { useForm, useObject } from '../api/hooks.ts';
import { label, type ApiRecord, type FormDefinition, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ErrorState, Loading } from '../shell/states.tsx';
import { fields, widgets } from './widgets.tsx';
import { SectionsTemplate, type FormContext } from './sections-template.tsx';
import { ruleHolds } from './live-rules.ts';
import { ERROR_CODES, fieldErrorText } from './field-errors.ts';

type Data = Record<string, unknown>;

export default function FormPage() {
  const { object: name = '', id } = useParams();
  const { object, isLoading, error } = useObject(name);
  if (isLoading) return <Loading />;
  if (error || !object) return <ErrorState error={error} />;
  return id ? <EditLoader object={object} id={id} /> : <RecordForm key="new" object={object} />;
}

function EditLoader({ object, id }: { object: ObjectDef; id: string }) {
  const record = useQuery({ queryKey: ['record-raw', object.api_name, id], queryFn: () => api<ApiRecord>('GET', `/api/records/${object.api_name}/${encodeURIComponent(id)}`), gcTime: 0 });
  if (record.isLoading) return <Loading />;
  if (record.error || !record.data) return <ErrorState error={record.error} />;
  return <RecordForm key={id} object={object} record={record.data} />;
}

/** The record's values the form shows: those of its fields, without empty ones (an empty input is left out). */
function initialData(form: FormDefinition, record: ApiRecord | undefined): Data {
  const data: Data = {};
  if (!record) return data;
  for (const name of Object.keys(form.schema.properties)) if (record[name] !== null && record[name] !== undefined) data[name] = record[name];
  return data;
}

/** Text values (a lookup's id, a picklist value) for editable fields of the form, from the query string. */
function prefilled(form: FormDefinition, params: URLSearchParams): Data {
  const data: Data = {};
  for (const [name, value] of params) {
    const schema = form.schema.properties[name];
    const type = schema?.type;
    if (schema && !schema.readOnly && (type === 'string' || (Array.isArray(type) && type.includes('string')))) data[name] = value;
  }
  return data;
}

/**
 * What to send: on create every editable value given; on update only what changed, null for a cleared
 * value. A field its layout rule hides now is not sent: what the user cannot see, they did not mean to save.
 */
function payloadOf(form: FormDefinition, data: Data, original: Data | undefined, visible: ReadonlySet<string>): Data {
  const payload: Data = {};
  for (const [name, schema] of Object.entries(form.schema.properties)) {
    if (schema.readOnly || !visible.has(name)) continue;
    const value = data[name] === '' ? undefined : data[name];
    if (!original) {
      if (value !== undefined) payload[name] = value;
    } else if (JSON.stringify(value ?? null) !== JSON.stringify(original[name] ?? null)) payload[name] = value ?? null;
  }
  return payload;
}

function RecordForm({ object, record }: { object: ObjectDef; record?: ApiRecord }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const form = useForm(object.api_name, record ? 'update' : 'create', locale);
  const [data, setData] = useState<Data | null>(null);
  const [serverErrors, setServerErrors] = useState<ErrorSchema>({});
  const [problem, setProblem] = useState<string | null>(null);

  const original = useMemo(() => (form.data && record ? initialData(form.data, record) : undefined), [form.data, record]);
  // A new record may start with values from the address (`?account=<id>`: "New" on a related list fills in its lookup).
  const [params] = useSearchParams();
  const prefill = useMemo(() => (form.data && !record ? prefilled(form.data, params) : {}), [form.data, record, params]);
  const current = data ?? original ?? prefill;

  // Live layout rules: which fields show, and which are required now.
  const layoutFields = useMemo(() => form.data?.layout.sections.flatMap((s) => s.fields) ?? [], [form.data]);
  const visible = useMemo(() => new Set(layoutFields.filter((f) => f.visible_if === undefined || ruleHolds(f.visible_if, current) !== false).map((f) => f.field)), [layoutFields, current]);
  const schema = useMemo(() => {
    if (!form.data) return undefined;
    const required = new Set(form.data.schema.required.filter((name) => visible.has(name)));
    for (const f of layoutFields) if (f.required_if !== undefined && visible.has(f.field) && ruleHolds(f.required_if, current) === true) required.add(f.field);
    const properties = Object.fromEntries(Object.entries(form.data.schema.properties).filter(([name]) => visible.has(name)));
    // A hidden field may still hold what was typed before it was hidden (kept if it shows again): not an error.
    return { ...form.data.schema, properties, required: [...required], additionalProperties: true };
  }, [form.data, visible, layoutFields, current]);
  const context: FormContext | undefined = form.data ? { sections: form.data.layout.sections, visible } : undefined;

  const save = useMutation({
    mutationFn: (payload: Data) =>
      record
        ? api<ApiRecord>('PATCH', `/api/records/${object.api_name}/${encodeURIComponent(record.id)}`, payload, { 'if-match': `"${record.version}"` })
        : api<ApiRecord>('POST', `/api/records/${object.api_name}`, payload),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['records', object.api_name] });
      void queryClient.invalidateQueries({ queryKey: ['record', object.api_name, saved.id] });
      void message.success(t('form.saved'));
      navigate(`/o/${object.api_name}/${saved.id}`);
    },
    onError: (err) => {
      // What was typed stays in the form; the engine's errors show on their fields.
      if (err instanceof ApiError && err.status === 412) return setProblem(t('form.conflict'));
      if (err instanceof ApiError && err.errors.length > 0) {
        // Each error in the user's language, on its field; one about the whole record (a rule without a field) above the form.
        const byField: Record<string, { __errors: string[] }> = {};
        const general: string[] = [];
        for (const e of err.errors) {
          const text = fieldErrorText(e, t, object, locale);
          if (form.data?.schema.properties[e.field]) (byField[e.field] ??= { __errors: [] }).__errors.push(text);
          else general.push(text);
        }
        setServerErrors(byField as ErrorSchema);
        setProblem(general.length ? general.join(' · ') : t('form.fixErrors'));
        return;
      }
      setProblem(err instanceof Error ? err.message : t('state.error'));
    },
  });

  // Client checks in the user's language, as the engine's (field-errors.ts).
  const transformErrors = (errors: RJSFValidationError[]) =>
    errors.map((e) => {
      const key = ERROR_CODES.has(e.name ?? '') ? e.name : 'other';
      return { ...e, message: t(`form.errors.${key}`, { limit: (e.params as { limit?: number } | undefined)?.limit ?? '' }) };
    });

  if (form.isLoading) return <Loading />;
  if (form.error || !form.data || !schema || !context) return <ErrorState error={form.error} />;
  const objectLabel = label(object.label, locale, object.api_name);

  return (
    <div className="page form-page">
      <Typography.Title level={3}>{record ? t('form.edit', { object: objectLabel }) : t('form.create', { object: objectLabel })}</Typography.Title>
      {problem && <Alert type="error" showIcon title={problem} className="form-problem" />}
      <Form
        schema={schema}
        uiSchema={{ ...form.data.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
        formData={current}
        validator={validator}
        widgets={widgets}
        fields={fields}
        templates={{ ObjectFieldTemplate: SectionsTemplate }}
        formContext={context}
        extraErrors={serverErrors}
        showErrorList={false}
        noHtml5Validate
        transformErrors={transformErrors}
        onChange={(event) => {
          const next = (event.formData ?? {}) as Data;
          setData(next);
          // An edited field's server error is gone; the others stay until the next save.
          const stale = Object.keys(serverErrors).filter((name) => JSON.stringify(next[name]) !== JSON.stringify(current[name]));
          if (stale.length) setServerErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([name]) => !stale.includes(name))) as ErrorSchema);
        }}
        onSubmit={(event) => {
          setProblem(null);
          save.mutate(payloadOf(form.data as FormDefinition, (event.formData ?? {}) as Data, original, visible));
        }}
        onError={() => setProblem(t('form.fixErrors'))}
      >
        <Space className="form-actions">
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('form.save')}
          </Button>
          <Button onClick={() => navigate(record ? `/o/${object.api_name}/${record.id}` : `/o/${object.api_name}`)}>{t('form.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}
