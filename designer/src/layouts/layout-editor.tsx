import { useState } from 'react';
import { DndContext, DragOverlay, PointerSensor, KeyboardSensor, pointerWithin, rectIntersection, useSensor, useSensors, type Announcements, type CollisionDetection, type DragEndEvent } from '@dnd-kit/core';
import { Alert, Button } from 'antd';
import { HolderOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import type { LayoutDef, ObjectDef } from '../api.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { addSection, moveField, moveSection, placeField, placeOf, problemsUnder, removeSection, unplaceField, unplacedFields, updateField, updateSection } from './layout-model.ts';
import { FieldPalette } from './field-palette.tsx';
import { SectionCard } from './section-card.tsx';

/** The pointer decides where a field lands; when it is over nothing, the closest overlap does. */
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

/** What a drop means: onto a placed field (take its place), a section's end slot (append), the palette (remove). */
export function dropLayout(layout: LayoutDef, field: string, over: string | undefined): LayoutDef {
  if (!over) return layout;
  if (over === 'palette') return unplaceField(layout, field);
  const [kind, s, i] = over.split(':');
  if (kind === 'end') return placeField(layout, field, Number(s));
  if (kind === 'at') {
    const target = layout.sections[Number(s)]?.fields[Number(i)];
    if (target?.field === field) return layout;
    return placeField(layout, field, Number(s), Number(i));
  }
  return layout;
}

/**
 * One layout being edited: the palette of fields not on it, its sections. Fields are dragged with
 * @dnd-kit (mouse, touch) between the palette and the sections and within them; every move also has a
 * button (up, down, to a section, add to, remove) for the keyboard.
 */
export function LayoutEditor({ object, objects, layout, problems, onChange }: { object: ObjectDef; objects: ObjectDef[]; layout: LayoutDef; problems: FieldProblem[]; onChange: (layout: LayoutDef) => void }) {
  const { t } = useT('layouts');
  const { locale } = useLocale();
  const [openField, setOpenField] = useState<string>();
  const [dragging, setDragging] = useState<string>();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor));
  const fieldTitle = (name: string) => {
    const def = object.fields.find((f) => f.api_name === name);
    return def?.label?.[locale] ?? def?.label?.en ?? def?.label?.['zh-CN'] ?? name;
  };
  const sectionTitles = layout.sections.map((s, i) => s.label?.[locale] || s.label?.en || s.label?.['zh-CN'] || t('sectionN', { n: i + 1 }));
  const own = problems.filter((p) => !p.field.startsWith('sections.'));
  const fieldOf = (active: { data: { current?: unknown } }) => fieldTitle((active.data.current as { field?: string } | undefined)?.field ?? '');
  const targetOf = (over: { id: string | number } | null) => {
    if (!over) return undefined;
    const [kind, s, i] = String(over.id).split(':');
    if (kind === 'palette') return t('dndPalette');
    if (kind === 'end') return t('dndEnd', { section: Number(s) + 1 });
    return t('dndPlace', { section: Number(s) + 1, place: Number(i) + 1 });
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dndPicked', { field: fieldOf(active) }),
    onDragOver: ({ active, over }) => (over ? t('dndOver', { field: fieldOf(active), target: targetOf(over) }) : t('dndNowhere', { field: fieldOf(active) })),
    onDragEnd: ({ active, over }) => (over ? t('dndDropped', { field: fieldOf(active), target: targetOf(over) }) : t('dndCancelled', { field: fieldOf(active) })),
    onDragCancel: ({ active }) => t('dndCancelled', { field: fieldOf(active) }),
  };
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(undefined);
    const field = (event.active.data.current as { field?: string } | undefined)?.field;
    if (field) onChange(dropLayout(layout, field, event.over ? String(event.over.id) : undefined));
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('dndInstructions') } }}
      onDragStart={(event) => setDragging((event.active.data.current as { field?: string } | undefined)?.field)}
      onDragCancel={() => setDragging(undefined)}
      onDragEnd={onDragEnd}
    >
      <div className="layout-editor">
        <FieldPalette fields={unplacedFields(object, layout)} fieldTitle={fieldTitle} sectionTitles={sectionTitles} onAdd={(field, s) => onChange(placeField(layout, field, s))} />
        <div className="layout-sections">
          {own.map((p, i) => (
            <Alert key={i} type="error" showIcon className="layout-problem" title={`${p.field ? `${p.field}: ` : ''}${p.message}`} />
          ))}
          {layout.sections.map((section, s) => (
            <SectionCard
              key={s}
              object={object}
              objects={objects}
              section={section}
              index={s}
              count={layout.sections.length}
              sectionTitles={sectionTitles}
              fieldTitle={fieldTitle}
              openField={openField}
              problems={problemsUnder(problems, `sections.${s}`)}
              onChange={(patch) => onChange(updateSection(layout, s, patch))}
              onMove={(by) => onChange(moveSection(layout, s, by))}
              onDelete={() => onChange(removeSection(layout, s))}
              onToggleField={(field) => setOpenField((current) => (current === field ? undefined : field))}
              onMoveField={(field, by) => onChange(moveField(layout, field, by))}
              onMoveFieldTo={(field, to) => placeOf(layout, field)?.section !== to && onChange(placeField(layout, field, to))}
              onRemoveField={(field) => onChange(unplaceField(layout, field))}
              onChangeField={(field, patch) => onChange(updateField(layout, field, patch))}
            />
          ))}
          <Button icon={<PlusOutlined />} onClick={() => onChange(addSection(layout, { [locale]: t('newSectionLabel') }))}>
            {t('addSection')}
          </Button>
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging ? (
          <div className="drag-ghost">
            <HolderOutlined /> <strong>{fieldTitle(dragging)}</strong>
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
