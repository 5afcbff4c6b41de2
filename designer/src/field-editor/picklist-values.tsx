import { useState } from 'react';
import { closestCenter, DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { Button, Checkbox, Form, Input, Space, Typography } from 'antd';
import { useT } from '../i18n/index.ts';
import { paletteColor } from './field-form.ts';

function ColorInput({ value, onChange, fallback, ...rest }: { value?: string; onChange?: (color: string) => void; fallback: string; 'aria-label': string }) {
  return <input type="color" className="color-input" value={value ?? fallback} onChange={(e) => onChange?.(e.target.value)} {...rest} />;
}

/** One value's row: dragged by its handle (⠿), and a place another row can be dropped on. */
function SortableRow({ id, dragLabel, children }: { id: string; dragLabel: string; children: React.ReactNode }) {
  const drag = useDraggable({ id });
  const drop = useDroppable({ id });
  const style: React.CSSProperties = {
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    marginTop: 8,
    padding: 2,
    borderRadius: 6,
    background: drop.isOver && !drag.isDragging ? '#e6f4ff' : undefined,
    transform: drag.transform ? `translate3d(${drag.transform.x}px, ${drag.transform.y}px, 0)` : undefined,
    opacity: drag.isDragging ? 0.7 : 1,
    position: 'relative',
    zIndex: drag.isDragging ? 10 : undefined,
  };
  return (
    <div
      className="picklist-row"
      data-row={id}
      ref={(el) => {
        drag.setNodeRef(el);
        drop.setNodeRef(el);
      }}
      style={style}
    >
      <span className="drag-handle" aria-label={dragLabel} {...drag.listeners} {...drag.attributes} style={{ cursor: 'grab', padding: '0 4px', fontSize: 16, userSelect: 'none', touchAction: 'none' }}>
        ⠿
      </span>
      {children}
    </div>
  );
}

/**
 * Picklist values: value, English and Chinese label, colour, active; reordered by dragging a row's handle
 * (@dnd-kit) or with ↑ ↓ (the keyboard way); the order saved is the order shown.
 */
export function PicklistValues() {
  const { t } = useT('fields');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const [announce, setAnnounce] = useState('');
  return (
    <Form.List name="values">
      {(rows, { add, remove, move }) => {
        const ids = rows.map((r) => String(r.key));
        const end = ({ active, over }: DragEndEvent) => {
          const from = ids.indexOf(String(active.id));
          const to = over ? ids.indexOf(String(over.id)) : -1;
          if (from >= 0 && to >= 0 && from !== to) {
            move(from, to);
            setAnnounce(t('movedTo', { from: from + 1, to: to + 1 }));
          }
        };
        return (
          <div className="picklist-values">
            <Typography.Text strong>{t('values')}</Typography.Text> <Typography.Text type="secondary">{t('valuesHelp')}</Typography.Text>
            <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={end}>
              {rows.map((row, i) => {
                const n = i + 1;
                return (
                  <SortableRow key={row.key} id={String(row.key)} dragLabel={t('dragValue', { n })}>
                    <Form.Item name={[row.name, 'value']} rules={[{ required: true, pattern: /^[A-Za-z0-9_\-. ]{1,100}$/, message: t('valuePattern') }]} noStyle>
                      <Input placeholder={t('valuePlaceholder')} aria-label={t('valueN', { n })} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'en']} noStyle>
                      <Input placeholder="English" aria-label={t('valueEn', { n })} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'zh']} noStyle>
                      <Input placeholder="中文" aria-label={t('valueZh', { n })} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'color']} noStyle>
                      <ColorInput fallback={paletteColor(i)} aria-label={t('valueColour', { n })} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'active']} valuePropName="checked" noStyle>
                      <Checkbox aria-label={t('valueActive', { n })}>{t('active')}</Checkbox>
                    </Form.Item>
                    <Space.Compact>
                      <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('moveUp', { n })}>
                        ↑
                      </Button>
                      <Button size="small" disabled={i === rows.length - 1} onClick={() => move(i, i + 1)} aria-label={t('moveDown', { n })}>
                        ↓
                      </Button>
                    </Space.Compact>
                    <Button size="small" danger onClick={() => remove(row.name)} aria-label={t('removeValue', { n })}>
                      ×
                    </Button>
                  </SortableRow>
                );
              })}
            </DndContext>
            <div aria-live="polite" style={{ position: 'absolute', left: -9999 }}>
              {announce}
            </div>
            <Button style={{ marginTop: 8 }} onClick={() => add({ isNew: true, active: true })}>
              {t('addValue')}
            </Button>
          </div>
        );
      }}
    </Form.List>
  );
}
