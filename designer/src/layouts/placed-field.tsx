import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Button, Checkbox, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, HolderOutlined, SettingOutlined } from '@ant-design/icons';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import type { FieldDef, LayoutFieldDef, ObjectDef, Rule } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { RuleBuilder } from '../logic/rule-builder.tsx';
import { problemsUnder } from './layout-model.ts';

export interface PlacedFieldProps {
  item: LayoutFieldDef;
  def: FieldDef | undefined;
  title: string;
  section: number;
  index: number;
  count: number;
  sectionTitles: string[];
  open: boolean;
  problems: FieldProblem[];
  onToggle(): void;
  onMove(by: -1 | 1): void;
  onMoveTo(section: number): void;
  onRemove(): void;
}

/**
 * A field on the layout: dragged by its handle (onto another field to take its place, into another
 * section, back to the palette), moved with the buttons too; its settings (the gear) open under the section.
 */
export function PlacedField(props: PlacedFieldProps) {
  const { t } = useT('layouts');
  const { item, title } = props;
  const drag = useDraggable({ id: `placed:${item.field}`, data: { field: item.field } });
  const drop = useDroppable({ id: `at:${props.section}:${props.index}`, data: { section: props.section, index: props.index } });
  const own = props.problems.filter((p) => !p.field.startsWith('visible_if') && !p.field.startsWith('required_if'));
  const hasRuleProblems = props.problems.length > own.length;
  return (
    <div
      ref={drop.setNodeRef}
      className={['placed-field', drop.isOver ? 'is-over' : '', drag.isDragging ? 'is-dragging' : '', props.open ? 'is-open' : '', props.problems.length ? 'has-problems' : ''].join(' ')}
      data-field={item.field}
    >
      <div className="placed-field-head">
        <span ref={drag.setNodeRef} className="drag-handle" aria-label={t('drag', { field: title })} {...drag.listeners} {...drag.attributes}>
          <HolderOutlined /> <strong>{title}</strong> <code>{item.field}</code>
        </span>
        <Space size={2} className="placed-field-tools">
          <Tooltip title={t('moveUp', { field: title })}>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('moveUp', { field: title })} disabled={props.index === 0} onClick={() => props.onMove(-1)} />
          </Tooltip>
          <Tooltip title={t('moveDown', { field: title })}>
            <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t('moveDown', { field: title })} disabled={props.index === props.count - 1} onClick={() => props.onMove(1)} />
          </Tooltip>
          <Select
            size="small"
            className="move-to"
            aria-label={t('moveTo', { field: title })}
            value={props.section}
            popupMatchSelectWidth={false}
            onChange={(s: number) => props.onMoveTo(s)}
            options={props.sectionTitles.map((label, s) => ({ value: s, label }))}
          />
          <Button size="small" type={props.open ? 'primary' : 'text'} icon={<SettingOutlined />} aria-label={t('settings', { field: title })} aria-expanded={props.open} onClick={props.onToggle} danger={hasRuleProblems && !props.open} />
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('remove', { field: title })} onClick={props.onRemove} />
        </Space>
      </div>
      <div className="placed-field-tags">
        {props.def?.type && <Tag>{props.def.type}</Tag>}
        {item.read_only && <Tag color="blue">{t('readOnly')}</Tag>}
        {item.required && <Tag color="red">{t('required')}</Tag>}
        {item.visible_if !== undefined && <Tag color="purple">{t('visibleIf')}</Tag>}
        {item.required_if !== undefined && <Tag color="magenta">{t('requiredIf')}</Tag>}
      </div>
      {own.map((p, i) => (
        <Typography.Text key={i} type="danger" className="field-problem">
          {p.field ? <code>{p.field}</code> : null} {p.message}
        </Typography.Text>
      ))}
    </div>
  );
}

export interface FieldSettingsProps {
  object: ObjectDef;
  objects: ObjectDef[];
  item: LayoutFieldDef;
  title: string;
  problems: FieldProblem[];
  onChange(patch: Partial<Omit<LayoutFieldDef, 'field'>>): void;
}

/** A placed field's settings, under its section: read-only, required, and when it shows or is required. */
export function FieldSettings(props: FieldSettingsProps) {
  const { t } = useT('layouts');
  const { item } = props;
  return (
    <div className="placed-field-settings" data-settings={item.field}>
      <Typography.Text strong>{t('settings', { field: props.title })}</Typography.Text>
      <Space>
        <Checkbox checked={item.read_only === true} onChange={(e) => props.onChange({ read_only: e.target.checked })}>
          {t('readOnly')}
        </Checkbox>
        <Checkbox checked={item.required === true} onChange={(e) => props.onChange({ required: e.target.checked })}>
          {t('required')}
        </Checkbox>
      </Space>
      <RuleSetting label={t('visibleIf')} help={t('visibleIfHelp')} which="visible_if" {...props} />
      <RuleSetting label={t('requiredIf')} help={t('requiredIfHelp')} which="required_if" {...props} />
    </div>
  );
}

function RuleSetting({ label, help, which, ...props }: FieldSettingsProps & { label: string; help: string; which: 'visible_if' | 'required_if' }) {
  return (
    <div className={`rule-setting rule-setting-${which}`} data-rule={which}>
      <Typography.Text strong>{label}</Typography.Text> <Typography.Text type="secondary">{help}</Typography.Text>
      <RuleBuilder object={props.object} objects={props.objects} value={props.item[which]} onChange={(rule: Rule | undefined) => props.onChange({ [which]: rule })} errors={problemsUnder(props.problems, which)} />
    </div>
  );
}
