import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { label, type FieldDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';

/** Which fields are columns and in which order: the shown ones first, in their order, then the others. */
export function ColumnChooser({ candidates, shown, onApply, onReset }: { candidates: FieldDef[]; shown: string[]; onApply(columns: string[]): void; onReset(): void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [order, setOrder] = useState(() => [...shown.filter((name) => candidates.some((f) => f.api_name === name)), ...candidates.map((f) => f.api_name).filter((name) => !shown.includes(name))]);
  const [chosen, setChosen] = useState(() => new Set(shown));
  const byName = new Map(candidates.map((f) => [f.api_name, f]));
  const move = (index: number, by: number) =>
    setOrder((o) => {
      const next = [...o];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved as string);
      return next;
    });
  const columns = order.filter((name) => chosen.has(name));

  return (
    <div className="column-chooser">
      <ul className="column-list" aria-label={t('listTools.columns')}>
        {order.map((name, index) => {
          const fieldLabel = label(byName.get(name)?.label, locale, name);
          return (
            <li key={name} className="column-item">
              <Checkbox
                checked={chosen.has(name)}
                onChange={(e) =>
                  setChosen((c) => {
                    const next = new Set(c);
                    if (e.target.checked) next.add(name);
                    else next.delete(name);
                    return next;
                  })
                }
              >
                {fieldLabel}
              </Checkbox>
              <span className="column-move">
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} aria-label={t('listTools.moveUp', { field: fieldLabel })} onClick={() => move(index, -1)} />
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === order.length - 1} aria-label={t('listTools.moveDown', { field: fieldLabel })} onClick={() => move(index, 1)} />
              </span>
            </li>
          );
        })}
      </ul>
      {columns.length === 0 && <Typography.Text type="danger">{t('listTools.oneColumn')}</Typography.Text>}
      <Space>
        <Button type="primary" disabled={columns.length === 0} onClick={() => onApply(columns)}>
          {t('list.apply')}
        </Button>
        <Button onClick={onReset}>{t('listTools.reset')}</Button>
      </Space>
    </div>
  );
}
