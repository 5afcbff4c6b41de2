import { useMemo } from 'react';
import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { FormDefinition } from '../../../runtime-ui/src/api/types.ts';
import { fields, widgets } from '../../../runtime-ui/src/form/widgets.tsx';
import { SectionsTemplate, type FormContext } from '../../../runtime-ui/src/form/sections-template.tsx';
import { ruleHolds } from '../../../runtime-ui/src/form/live-rules.ts';

type Data = Record<string, unknown>;

/**
 * The form as /app's form page renders it: rjsf with /app's widgets and sections template, the layout's
 * visible_if / required_if evaluated by /app's live rules on what is typed. Nothing is submitted.
 */
export default function PreviewForm({ form, data, onData }: { form: FormDefinition; data: Data; onData: (data: Data) => void }) {
  const layoutFields = useMemo(() => form.layout.sections.flatMap((s) => s.fields), [form]);
  const visible = useMemo(() => new Set(layoutFields.filter((f) => f.visible_if === undefined || ruleHolds(f.visible_if, data) !== false).map((f) => f.field)), [layoutFields, data]);
  const schema = useMemo(() => {
    const required = new Set(form.schema.required.filter((name) => visible.has(name)));
    for (const f of layoutFields) if (f.required_if !== undefined && visible.has(f.field) && ruleHolds(f.required_if, data) === true) required.add(f.field);
    const properties = Object.fromEntries(Object.entries(form.schema.properties).filter(([name]) => visible.has(name)));
    return { ...form.schema, properties, required: [...required], additionalProperties: true };
  }, [form, visible, layoutFields, data]);
  const context: FormContext = { sections: form.layout.sections, visible };
  return (
    <Form
      schema={schema}
      uiSchema={{ ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
      formData={data}
      validator={validator}
      widgets={widgets}
      fields={fields}
      templates={{ ObjectFieldTemplate: SectionsTemplate }}
      formContext={context}
      showErrorList={false}
      noHtml5Validate
      onChange={(event) => onData((event.formData ?? {}) as Data)}
    />
  );
}
