import { Card, Col, Row } from 'antd';
import type { ObjectFieldTemplateProps } from '@rjsf/utils';
import type { FormDefinition } from '../api/types.ts';

export interface FormContext {
  sections: FormDefinition['layout']['sections'];
  /** Fields whose visible_if holds now (or that have none). */
  visible: ReadonlySet<string>;
}

/** The record's fields in the layout's sections, one or two columns, hidden while their visible_if fails. */
export function SectionsTemplate(props: ObjectFieldTemplateProps) {
  const ctx = props.registry.formContext as FormContext | undefined;
  if (!ctx || props.fieldPathId.path.length > 0) return <div>{props.properties.map((p) => p.content)}</div>;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  return (
    <div className="form-sections">
      {ctx.sections.map((section, index) => {
        const shown = section.fields.filter((f) => ctx.visible.has(f.field) && byName.has(f.field));
        if (shown.length === 0) return null;
        return (
          <Card key={index} size="small" title={section.label} className="form-section">
            <Row gutter={16}>
              {shown.map((f) => (
                <Col key={f.field} xs={24} md={section.columns === 2 ? 12 : 24} data-field={f.field}>
                  {byName.get(f.field)?.content}
                </Col>
              ))}
            </Row>
          </Card>
        );
      })}
    </div>
  );
}
