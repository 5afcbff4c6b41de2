import { useDroppable } from '@dnd-kit/core';
import { Button, Card, Input, Popconfirm, Segmented, Space, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import type { FieldDef, LayoutFieldDef, ObjectDef } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { problemsUnder, type Section } from './layout-model.ts';
import { FieldSettings, PlacedField } from './placed-field.tsx';

export interface SectionCardProps {
  object: ObjectDef;
  objects: ObjectDef[];
  section: Section;
  index: number;
  count: number;
  sectionTitles: string[];
  fieldTitle(name: string): string;
  openField: string | undefined;
  problems: FieldProblem[];
  onChange(patch: Partial<Section>): void;
  onMove(by: -1 | 1): void;
  onDelete(): void;
  onToggleField(field: string): void;
  onMoveField(field: string, by: -1 | 1): void;
  onMoveFieldTo(field: string, section: number): void;
  onRemoveField(field: string): void;
  onChangeField(field: string, patch: Partial<Omit<LayoutFieldDef, 'field'>>): void;
}

/** The slot after a section's last field: dropping there appends (with two columns, the next free cell). */
function EndSlot({ section, empty }: { section: number; empty: boolean }) {
  const { t } = useT('layouts');
  const drop = useDroppable({ id: `end:${section}`, data: { section } });
  return (
    <div ref={drop.setNodeRef} className={`drop-slot${drop.isOver ? ' is-over' : ''}`} data-slot={`end-${section}`}>
      {empty ? t('emptySection') : t('dropHere')}
    </div>
  );
}

/** One section: its labels, one or two columns, its place among the sections, and its fields as the form lays them out. */
export function SectionCard(props: SectionCardProps) {
  const { t } = useT('layouts');
  const { section, index } = props;
  const n = index + 1;
  const own = props.problems.filter((p) => !p.field.startsWith('fields.'));
  const openIndex = section.fields.findIndex((f) => f.field === props.openField);
  const openItem = section.fields[openIndex];
  const label = section.label ?? {};
  const setLabel = (key: 'en' | 'zh-CN', value: string) => {
    const next = { ...label, [key]: value };
    if (!value) delete next[key];
    props.onChange({ label: next });
  };
  return (
    <Card
      size="small"
      className={`layout-section${own.length ? ' has-problems' : ''}`}
      data-section={index}
      title={t('sectionN', { n })}
      extra={
        <Space size={2}>
          <Segmented<1 | 2>
            size="small"
            aria-label={t('columns')}
            value={section.columns ?? 1}
            onChange={(columns) => props.onChange({ columns })}
            options={[
              { value: 1, label: t('oneColumn') },
              { value: 2, label: t('twoColumns') },
            ]}
          />
          <Tooltip title={t('sectionUp', { n })}>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('sectionUp', { n })} disabled={index === 0} onClick={() => props.onMove(-1)} />
          </Tooltip>
          <Tooltip title={t('sectionDown', { n })}>
            <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t('sectionDown', { n })} disabled={index === props.count - 1} onClick={() => props.onMove(1)} />
          </Tooltip>
          <Popconfirm title={t('deleteSectionTitle', { n })} description={t('deleteSectionContent')} onConfirm={props.onDelete} okText={t('common:delete')} cancelText={t('common:cancel')}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('deleteSection', { n })} />
          </Popconfirm>
        </Space>
      }
    >
      <div className="section-labels">
        <Input size="small" aria-label={t('sectionLabelEn', { n })} prefix="EN" placeholder={t('common:english')} value={label.en ?? ''} onChange={(e) => setLabel('en', e.target.value)} />
        <Input size="small" aria-label={t('sectionLabelZh', { n })} prefix="中文" placeholder={t('common:chinese')} value={label['zh-CN'] ?? ''} onChange={(e) => setLabel('zh-CN', e.target.value)} />
      </div>
      {own.map((p, i) => (
        <Typography.Paragraph key={i} type="danger" className="field-problem">
          {p.field ? <code>{p.field}</code> : null} {p.message}
        </Typography.Paragraph>
      ))}
      <div className={`section-grid columns-${section.columns ?? 1}`}>
        {section.fields.map((item, i) => (
          <PlacedField
            key={item.field}
            item={item}
            def={props.object.fields.find((f: FieldDef) => f.api_name === item.field)}
            title={props.fieldTitle(item.field)}
            section={index}
            index={i}
            count={section.fields.length}
            sectionTitles={props.sectionTitles}
            open={props.openField === item.field}
            problems={problemsUnder(props.problems, `fields.${i}`)}
            onToggle={() => props.onToggleField(item.field)}
            onMove={(by) => props.onMoveField(item.field, by)}
            onMoveTo={(s) => props.onMoveFieldTo(item.field, s)}
            onRemove={() => props.onRemoveField(item.field)}
          />
        ))}
        <EndSlot section={index} empty={section.fields.length === 0} />
      </div>
      {openIndex >= 0 && openItem && (
        <FieldSettings
          object={props.object}
          objects={props.objects}
          item={openItem}
          title={props.fieldTitle(openItem.field)}
          problems={problemsUnder(props.problems, `fields.${openIndex}`)}
          onChange={(patch) => props.onChangeField(openItem.field, patch)}
        />
      )}
    </Card>
  );
}
