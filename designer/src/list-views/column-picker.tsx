import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { Button, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, HolderOutlined } from '@ant-design/icons';
import type { ObjectDef } from '../api.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { columnLabel, columnOptions } from './column-options.ts';
import { MAX_COLUMNS, moved } from './view-draft.ts';

interface RowProps {
  name: string;
  label: string;
  index: number;
  count: number;
  onMove(to: number): void;
  onRemove(): void;
}

/** One chosen column: a drag handle, its place, its label, ↑ ↓ and ×. The row is also where others are dropped. */
function ColumnRow({ name, label, index, count, onMove, onRemove }: RowProps) {
  const { t } = useT('listViews');
  const drag = useDraggable({ id: name });
  const drop = useDroppable({ id: name });
  const style = drag.transform ? { transform: `translate(${drag.transform.x}px, ${drag.transform.y}px)`, zIndex: 10, position: 'relative' as const } : undefined;
  return (
    <li ref={drop.setNodeRef} className={`column-row${drop.isOver && !drag.isDragging ? ' column-row-over' : ''}`} data-column={name}>
      <div ref={drag.setNodeRef} style={style} className={`column-row-body${drag.isDragging ? ' column-row-dragging' : ''}`}>
        <Button size="small" type="text" className="column-handle" icon={<HolderOutlined />} aria-label={t('dragColumn', { name: label })} {...drag.listeners} {...drag.attributes} />
        <span className="column-index">{index + 1}</span>
        <span className="column-label">{label}</span>
        <code>{name}</code>
        <Space size={2} className="column-actions">
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} aria-label={t('moveUp', { name: label })} onClick={() => onMove(index - 1)} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} aria-label={t('moveDown', { name: label })} onClick={() => onMove(index + 1)} />
          <Button size="small" type="text" icon={<CloseOutlined />} disabled={count === 1} aria-label={t('removeColumn', { name: label })} onClick={onRemove} />
        </Space>
      </div>
    </li>
  );
}

/** The view's columns in order: drag a row by its handle (or use ↑ ↓) to reorder, × to remove, the select below to add. */
export function ColumnPicker({ object, value, onChange }: { object: ObjectDef; value: string[]; onChange(columns: string[]): void }) {
  const { t } = useT('listViews');
  const { locale } = useLocale();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor));
  const remaining = columnOptions(object, locale).filter((o) => !value.includes(o.value));
  const end = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    onChange(moved(value, value.indexOf(String(active.id)), value.indexOf(String(over.id))));
  };
  return (
    <div className="column-picker">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={end}>
        <ol className="column-list" aria-label={t('columns')}>
          {value.map((name, i) => (
            <ColumnRow
              key={name}
              name={name}
              label={columnLabel(object, name, locale)}
              index={i}
              count={value.length}
              onMove={(to) => onChange(moved(value, i, to))}
              onRemove={() => onChange(value.filter((c) => c !== name))}
            />
          ))}
        </ol>
      </DndContext>
      <Select
        className="column-add"
        aria-label={t('addColumn')}
        placeholder={t('addColumn')}
        showSearch={{ optionFilterProp: 'label' }}
        value={null}
        options={remaining}
        disabled={value.length >= MAX_COLUMNS || remaining.length === 0}
        onChange={(name: string) => onChange([...value, name])}
        style={{ width: '100%' }}
      />
      <Typography.Text type="secondary" className="hint">
        {t('columnsHint')}
      </Typography.Text>
    </div>
  );
}
