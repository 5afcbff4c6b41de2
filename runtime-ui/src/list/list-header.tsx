import { memo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Input, Popover, Space, Typography } from 'antd';
import { queryString } from '../api/client.ts';
import { label, type FieldDef, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ObjectLinks } from '../kanban/object-links.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { ExportButton } from './export-button.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { columnCandidates, combinedFilter, recordQuery, type ListState } from './list-state.ts';
import type { SavedView } from './saved-views.ts';
import { ViewPicker, type ViewChoice } from './view-picker.tsx';

interface Props {
  object: ObjectDef;
  state: ListState;
  columns: FieldDef[];
  sort: string;
  savedViews: SavedView[];
  choice: ViewChoice;
  /** The address's `filter`, so the builder starts again when it changes. */
  filterKey: string;
  update(change: Record<string, string | undefined>): void;
  choose(choice: ViewChoice): void;
}

/**
 * The list's title and tools: board / recycle bin, export, new; the view picker, the search, the filter
 * builder and the column chooser. Memoised: the rows arriving do not re-render any of it.
 */
export const ListHeader = memo(function ListHeader({ object, state, columns, sort, savedViews, choice, filterKey, update, choose }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [filterOpen, setFilterOpen] = useState(false);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const title = label(object.plural_label, locale, object.api_name);
  const viewFilter = state.saved?.definition.filter ?? state.view?.filter;
  const shown = columns.map((f) => f.api_name);

  return (
    <>
      <div className="page-head">
        <Typography.Title level={3}>{title}</Typography.Title>
        <Space wrap>
          <ObjectLinks object={object} view={state.view?.api_name} />
          <ExportButton object={object.api_name} query={queryString({ ...recordQuery(state), fields: shown.join(',') })} />
          <Button type="primary" onClick={() => navigate(`/o/${object.api_name}/new`)}>
            {t('list.new')}
          </Button>
        </Space>
      </div>
      <div className="list-bar">
        <ViewPicker
          object={object}
          savedViews={savedViews}
          choice={choice}
          current={state.saved}
          definition={() => ({ columns: shown, sort: sort || undefined, filter: combinedFilter(state) })}
          onChoose={choose}
        />
        <Space wrap className="list-tools">
          <Input.Search
            key={state.q}
            allowClear
            defaultValue={state.q}
            placeholder={t('list.search', { object: title })}
            aria-label={t('list.search', { object: title })}
            onSearch={(value) => update({ q: value.trim() })}
            className="list-search"
          />
          <Popover
            trigger="click"
            open={filterOpen}
            onOpenChange={setFilterOpen}
            placement="bottomLeft"
            content={
              <>
                {viewFilter !== undefined && <Typography.Paragraph type="secondary">{t('listTools.viewFilterApplies')}</Typography.Paragraph>}
                <FilterBuilder
                  key={filterKey}
                  object={object}
                  value={state.filterState}
                  onApply={(next) => {
                    update({ filter: next.conditions.length ? JSON.stringify(next) : undefined });
                    setFilterOpen(false);
                  }}
                />
              </>
            }
          >
            <Badge count={state.filterState.conditions.length} size="small">
              <Button>{t('list.filters')}</Button>
            </Badge>
          </Popover>
          <Popover
            trigger="click"
            open={columnsOpen}
            onOpenChange={setColumnsOpen}
            placement="bottomLeft"
            destroyOnHidden
            content={
              <ColumnChooser
                candidates={columnCandidates(object)}
                shown={shown}
                onApply={(chosen) => {
                  update({ columns: chosen.join(',') });
                  setColumnsOpen(false);
                }}
                onReset={() => {
                  update({ columns: undefined });
                  setColumnsOpen(false);
                }}
              />
            }
          >
            <Button>{t('listTools.columns')}</Button>
          </Popover>
        </Space>
      </div>
    </>
  );
});
