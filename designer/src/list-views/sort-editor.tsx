import { Button, Segmented, Select, Space } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { ObjectDef } from '../api.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { columnOptions } from './column-options.ts';
import { activeFields, isSortable, MAX_SORT_KEYS, SYSTEM_COLUMNS, type SortKey } from './view-draft.ts';

/** The default sort: up to five sortable fields, each ascending or descending, the first deciding first. */
export function SortEditor({ object, value, onChange }: { object: ObjectDef; value: SortKey[]; onChange(keys: SortKey[]): void }) {
  const { t } = useT('listViews');
  const { locale } = useLocale();
  const sortable = [...columnOptions(object, locale, activeFields(object).filter(isSortable)), ...columnOptions(object, locale).filter((o) => SYSTEM_COLUMNS.some((s) => s.api_name === o.value))];
  const set = (i: number, key: SortKey) => onChange(value.map((k, j) => (j === i ? key : k)));
  return (
    <div className="sort-editor">
      {value.map((key, i) => (
        <Space key={i} className="sort-row" wrap>
          <span className="sort-rank">{i === 0 ? t('sortBy') : t('thenBy')}</span>
          <Select
            aria-label={t('sortField', { n: i + 1 })}
            style={{ width: 260 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={key.field || undefined}
            placeholder={t('chooseField')}
            options={sortable.filter((o) => o.value === key.field || !value.some((k) => k.field === o.value))}
            onChange={(field: string) => set(i, { ...key, field })}
          />
          <Segmented<'asc' | 'desc'>
            aria-label={t('sortDirection', { n: i + 1 })}
            value={key.desc ? 'desc' : 'asc'}
            onChange={(d) => set(i, { ...key, desc: d === 'desc' })}
            options={[
              { value: 'asc', label: t('ascending') },
              { value: 'desc', label: t('descending') },
            ]}
          />
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('removeSort', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} disabled={value.length >= MAX_SORT_KEYS} onClick={() => onChange([...value, { field: '', desc: false }])}>
        {value.length === 0 ? t('addSort') : t('addThenBy')}
      </Button>
    </div>
  );
}
