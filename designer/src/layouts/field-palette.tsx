import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Card, Select, Tag, Typography } from 'antd';
import { HolderOutlined } from '@ant-design/icons';
import type { FieldDef } from '../api.ts';
import { useT } from '../i18n/index.ts';

function PaletteItem({ field, title, sectionTitles, onAdd }: { field: FieldDef; title: string; sectionTitles: string[]; onAdd: (section: number) => void }) {
  const { t } = useT('layouts');
  const drag = useDraggable({ id: `palette:${field.api_name}`, data: { field: field.api_name } });
  return (
    <div className={`palette-item${drag.isDragging ? ' is-dragging' : ''}`} data-field={field.api_name}>
      <span ref={drag.setNodeRef} className="drag-handle" aria-label={t('drag', { field: title })} {...drag.listeners} {...drag.attributes}>
        <HolderOutlined /> <strong>{title}</strong> <Tag>{field.type}</Tag>
      </span>
      {sectionTitles.length > 0 && (
        <Select<number | null>
          size="small"
          className="add-to"
          placeholder={t('addTo')}
          aria-label={`${t('addTo')} ${title}`}
          value={null}
          popupMatchSelectWidth={false}
          onChange={(s) => s !== null && onAdd(s)}
          options={sectionTitles.map((label, s) => ({ value: s, label }))}
        />
      )}
    </div>
  );
}

/** The fields not on the layout: drag one into a section, or pick its section; a placed field dropped here leaves the layout. */
export function FieldPalette({ fields, fieldTitle, sectionTitles, onAdd }: { fields: FieldDef[]; fieldTitle: (name: string) => string; sectionTitles: string[]; onAdd: (field: string, section: number) => void }) {
  const { t } = useT('layouts');
  const drop = useDroppable({ id: 'palette' });
  return (
    <Card size="small" title={t('palette')} className={`field-palette${drop.isOver ? ' is-over' : ''}`}>
      <div ref={drop.setNodeRef} className="palette-items">
        <Typography.Paragraph type="secondary" className="palette-hint">
          {fields.length === 0 ? t('paletteEmpty') : t('paletteHint')}
        </Typography.Paragraph>
        {fields.map((f) => (
          <PaletteItem key={f.api_name} field={f} title={fieldTitle(f.api_name)} sectionTitles={sectionTitles} onAdd={(s) => onAdd(f.api_name, s)} />
        ))}
      </div>
    </Card>
  );
}
