import { Form, Select, Switch, Typography } from 'antd';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { errorAt } from './view-errors.ts';
import type { ObjectDef } from '../api.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { columnOptions } from './column-options.ts';
import { activeFields, isSummable, MAX_CARD_FIELDS, type ViewDraft } from './view-draft.ts';

type KanbanPart = Pick<ViewDraft, 'kanban' | 'group_by' | 'card_fields' | 'sum_field'>;

/** The board (kanban) of the view: columns by a picklist, the fields on each card, a number summed per column. */
export function KanbanSettings({ object, value, errors, onChange }: { object: ObjectDef; value: KanbanPart; errors: FieldProblem[]; onChange(next: KanbanPart): void }) {
  const { t } = useT('listViews');
  const { locale } = useLocale();
  const fields = activeFields(object);
  const picklists = fields.filter((f) => f.type === 'picklist');
  return (
    <div className="kanban-settings">
      <Form.Item label={t('kanban')} help={picklists.length === 0 ? t('kanbanNeedsPicklist') : t('kanbanHint')}>
        <Switch aria-label={t('kanban')} checked={value.kanban} disabled={picklists.length === 0 && !value.kanban} onChange={(on) => onChange({ ...value, kanban: on, group_by: on ? (value.group_by ?? picklists[0]?.api_name) : value.group_by })} />
      </Form.Item>
      {value.kanban && (
        <>
          <Form.Item label={t('groupBy')} {...errorAt(errors, 'kanban.group_by')}>
            <Select aria-label={t('groupBy')} value={value.group_by} options={columnOptions(object, locale, picklists)} onChange={(group_by: string) => onChange({ ...value, group_by })} />
          </Form.Item>
          <Form.Item label={t('cardFields')} {...errorAt(errors, 'kanban.card_fields')}>
            <Select
              aria-label={t('cardFields')}
              mode="multiple"
              value={value.card_fields}
              maxCount={MAX_CARD_FIELDS}
              showSearch={{ optionFilterProp: 'label' }}
              options={columnOptions(object, locale).filter((o) => o.value !== object.name_field)}
              onChange={(card_fields: string[]) => onChange({ ...value, card_fields })}
            />
          </Form.Item>
          <Form.Item label={t('sumField')} {...errorAt(errors, 'kanban.sum_field')}>
            <Select
              aria-label={t('sumField')}
              allowClear
              placeholder={t('noSum')}
              value={value.sum_field}
              options={columnOptions(object, locale, fields.filter(isSummable))}
              onChange={(sum_field: string | undefined) => onChange({ ...value, sum_field })}
            />
          </Form.Item>
          {fields.filter(isSummable).length === 0 && <Typography.Text type="secondary">{t('noSummable')}</Typography.Text>}
        </>
      )}
    </div>
  );
}
