import { memo } from 'react';
import { Link } from 'react-router';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import { Tooltip } from 'antd';
import { label, type ApiRecord, type FieldDef, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { FieldValue, numberText } from '../pages/field-value.tsx';
import type { BoardColumn, ColumnTotals } from './kanban-model.ts';

export function recordName(object: ObjectDef, record: ApiRecord): string {
  const name = record[object.name_field];
  return typeof name === 'string' && name ? name : record.id.slice(0, 8);
}

interface CardProps {
  object: ObjectDef;
  record: ApiRecord;
  fields: FieldDef[];
  color?: string;
}

/** A card's face: the record's name (a link to it) and the view's card fields. */
export const CardFace = memo(function CardFace({ object, record, fields, color }: CardProps) {
  const { locale } = useLocale();
  return (
    <div className="kanban-card-face" style={color ? { borderLeftColor: color } : undefined}>
      {/* draggable={false}: the browser's own link dragging would take over the pointer. */}
      <Link to={`/o/${object.api_name}/${record.id}`} draggable={false} className="kanban-card-name">
        {recordName(object, record)}
      </Link>
      {fields.map((field) => (
        <div key={field.api_name} className="kanban-card-field">
          <span className="kanban-card-label">{label(field.label, locale, field.api_name)}</span>
          <span className="kanban-card-value">
            <FieldValue field={field} value={record[field.api_name]} />
          </span>
        </div>
      ))}
    </div>
  );
});

function KanbanCard(props: CardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: props.record.id, attributes: { roleDescription: t('kanban.a11y.card') } });
  return (
    <div ref={setNodeRef} className={`kanban-card${isDragging ? ' kanban-card-dragging' : ''}`} data-record={props.record.id} {...listeners} {...attributes}>
      <CardFace {...props} />
    </div>
  );
}

/** "¥12,000 · $3,500": one amount per currency, never added across currencies. */
function sumText(totals: ColumnTotals | undefined, locale: string): string {
  return (totals?.sums ?? []).map((s) => numberText(s.amount, locale, s.currency ? { style: 'currency', currency: s.currency } : {})).join(' · ');
}

export function KanbanColumn({
  object,
  column,
  records,
  totals,
  cardFields,
  showSum,
}: {
  object: ObjectDef;
  column: BoardColumn;
  records: ApiRecord[];
  totals: ColumnTotals | undefined;
  cardFields: FieldDef[];
  showSum: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { setNodeRef, isOver, active } = useDroppable({ id: column.id, disabled: column.closed, data: { label: column.label } });
  const count = totals?.count ?? records.length;
  const sum = showSum ? sumText(totals, locale) : '';
  const head = (
    <div className="kanban-column-head" style={column.color ? { borderTopColor: column.color } : undefined}>
      <span className="kanban-column-title">
        {column.color && <span className="pick-dot" style={{ background: column.color }} />}
        <span>{column.label}</span>
      </span>
      <span className="kanban-column-count" aria-label={t('kanban.count', { count })}>
        {count}
      </span>
      {sum && <div className="kanban-column-sum number">{sum}</div>}
    </div>
  );
  return (
    <section
      ref={setNodeRef}
      className={`kanban-column${isOver ? ' kanban-column-over' : ''}${column.closed && active ? ' kanban-column-closed' : ''}`}
      data-column={column.value ?? ''}
      aria-label={column.label}
    >
      {column.closed ? <Tooltip title={t('kanban.closed')}>{head}</Tooltip> : head}
      <div className="kanban-cards">
        {records.map((record) => (
          <KanbanCard key={record.id} object={object} record={record} fields={cardFields} color={column.color} />
        ))}
        {records.length === 0 && <div className="kanban-empty">{t('kanban.noCards')}</div>}
      </div>
    </section>
  );
}
